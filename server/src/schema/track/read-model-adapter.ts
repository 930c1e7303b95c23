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
  async function ingestFacts(sha256: string): Promise<IngestFacts | undefined> {
    const [row] = await sql.query<IngestFacts>("SELECT cid, duration_seconds FROM ingest_tracks WHERE sha256 = $1", [sha256]);
    return row;
  }

  async function track(view: IndexedTrack): Promise<TrackView> {
    const facts = await ingestFacts(view.sha256);
    return {
      ...view,
      cid: facts?.cid ?? null,
      durationSeconds: facts?.duration_seconds == null ? null : Number(facts.duration_seconds),
    };
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
      derivatives: await Promise.all(s.derivatives.map(track)),
    };
  }

  return {
    async getTrack(q) {
      const view = await indexed.getTrack(q);
      return view ? track(view) : null;
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
      const nodes = await Promise.all(page.edges.map((e) => track(e.node)));
      return {
        tracks: nodes,
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
      const p = await indexed.getProvenance(sha256);
      if (!p) return null;
      const fullStyle = p.style ? await indexed.getStyle(p.style.styleId) : null;
      return {
        ...p,
        track: await track(p.track),
        style: fullStyle ? await style(fullStyle) : null,
        licence: p.licence ? licence(p.licence) : null,
        parents: await Promise.all(p.parents.map(track)),
        children: await Promise.all(p.children.map(track)),
      };
    },
  };
}
