import { InvalidInputError } from "../../http/errors.js";
import type { createReadModel } from "../../indexer/read-model.js";
import type { LicenceView, StyleView as IndexedStyle, TrackView as IndexedTrack } from "../../indexer/read-model-types.js";
import type { Sql } from "../../store/index.js";
import type { ProvenanceView, ReadModel, StyleView, TrackView } from "./read-model-port.js";

type IndexerReadModel = ReturnType<typeof createReadModel>;

/** What only the ingest pipeline knows about a file (the audio CID, the duration). */
interface IngestFacts {
  cid: string | null;
  duration_seconds: number | string | null;
}

/**
 * The edge's read model over the indexer's (server/src/indexer/read-model.ts): the same facts, in the shapes the
 * GraphQL types name (`id`, `metadataURI`, a licence's `id`, the audio `cid` from the ingest row), so the schema's
 * field names stay what docs/api.md documents while the indexer keeps its own.
 */
export function adaptReadModel(indexed: IndexerReadModel, sql: Sql): ReadModel {
  /** The ingest facts of many tracks in one query (a page, a style's derivatives, a track's parents and children). */
  async function tracks(views: readonly IndexedTrack[]): Promise<TrackView[]> {
    if (views.length === 0) return [];
    const rows = await sql.query<IngestFacts & { sha256: string }>(
      "SELECT sha256, cid, duration_seconds FROM ingest_tracks WHERE sha256 = ANY($1::text[])",
      [[...new Set(views.map((v) => v.sha256))]],
    );
    const facts = new Map(rows.map((r) => [r.sha256, r]));
    return views.map((view) => withFacts(view, facts.get(view.sha256)));
  }

  const licence = (l: LicenceView) => ({ ...l, id: l.licenceId });

  async function style(s: IndexedStyle): Promise<StyleView> {
    return {
      ...s,
      id: s.styleId,
      metadataURI: s.metadataUri,
      terms: { ...s.terms, duration: Number(s.terms.duration) },
      termsVersion: s.terms.termsVersion,
      licences: s.licences.map(licence),
      derivatives: await tracks(s.derivatives),
    };
  }

  return {
    async getTrack(q) {
      const view = await indexed.getTrack(q);
      return view ? (await tracks([view]))[0]! : null;
    },
    async listTracks({ filter, first, after }) {
      if (filter?.licenceId !== undefined) throw new InvalidInputError("filtering tracks by licence is not supported yet");
      const page = await indexed.listTracks({
        first,
        ...(after ? { after } : {}),
        filter: {
          ...(filter?.styleId !== undefined ? { styleId: filter.styleId } : {}),
          ...(filter?.registrant !== undefined ? { registrant: filter.registrant } : {}),
          ...(filter?.kind !== undefined ? { kind: filter.kind } : {}),
        },
      });
      return {
        tracks: await tracks(page.edges.map((e) => e.node)),
        cursors: page.edges.map((e) => e.cursor),
        endCursor: page.pageInfo.endCursor,
        hasNextPage: page.pageInfo.hasNextPage,
      };
    },
    async getStyle(id) {
      const s = await indexed.getStyle(id);
      return s ? style(s) : null;
    },
    async getProvenance(sha256): Promise<ProvenanceView | null> {
      // One query for the common read: GraphQL exposes no token, and reads the full style, the parents and the
      // children only when a query asks for them (resolvers.ts).
      const p = await indexed.getProvenance(sha256, { token: false, related: false });
      if (!p) return null;
      const { style: made, token: _token, parents: _parents, children: _children, ...rest } = p;
      return {
        ...rest,
        styleId: made?.styleId ?? null,
        track: withFacts(p.track, { cid: p.audioCid, duration_seconds: p.durationSeconds }),
        licence: p.licence ? licence(p.licence) : null,
      };
    },
    async getTracks(sha256s) {
      const views = await Promise.all(sha256s.map((sha256) => indexed.getTrack({ sha256 })));
      return tracks(views.filter((v) => v !== null));
    },
    async getChildren(sha256) {
      return tracks(await indexed.getChildren(sha256));
    },
  };
}

function withFacts(view: IndexedTrack, facts: IngestFacts | undefined): TrackView {
  return {
    ...view,
    cid: facts?.cid ?? null,
    durationSeconds: facts?.duration_seconds == null ? null : Number(facts.duration_seconds),
  };
}
