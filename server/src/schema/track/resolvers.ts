import { InvalidInputError } from "../../http/errors.js";
import type { GraphQLContext } from "../context.js";
import type { ProvenanceView, TrackFilter, TrackView } from "./read-model-port.js";

const SHA256 = /^[0-9a-f]{64}$/;
export const MAX_PAGE = 100;

function sha256Arg(value: string, name: string): string {
  const lower = value.toLowerCase().replace(/^0x/, "");
  if (!SHA256.test(lower)) throw new InvalidInputError(`${name} must be a sha256: 64 hex digits`);
  return lower;
}

function styleIdArg(id: string): bigint {
  if (!/^[0-9]{1,78}$/.test(id)) throw new InvalidInputError("a style id is a decimal number");
  return BigInt(id);
}

export const trackResolvers = {
  Track: {
    id: (track: TrackView) => track.sha256,
    parents: (track: TrackView, _: unknown, { services }: GraphQLContext) => services.readModel.getTracks(track.parents ?? []),
    job: (track: TrackView, _: unknown, { services }: GraphQLContext) => services.ingest.getJob(track.sha256),
    provenance: (track: TrackView, _: unknown, { services }: GraphQLContext) => services.readModel.getProvenance(track.sha256),
  },
  Provenance: {
    style: (p: ProvenanceView, _: unknown, { services }: GraphQLContext) => (p.styleId ? services.readModel.getStyle(BigInt(p.styleId)) : null),
    parents: (p: ProvenanceView, _: unknown, { services }: GraphQLContext) => services.readModel.getTracks(p.track.parents),
    children: (p: ProvenanceView, _: unknown, { services }: GraphQLContext) => services.readModel.getChildren(p.track.sha256),
  },
  Query: {
    track: (_: unknown, args: { id?: string | null; sha256?: string | null; cid?: string | null }, { services }: GraphQLContext) => {
      const given = [args.id, args.sha256, args.cid].filter((v) => v !== null && v !== undefined);
      if (given.length !== 1) throw new InvalidInputError("give exactly one of id, sha256 and cid");
      if (args.cid != null) {
        if (!/^[a-z2-7]{10,100}$|^Qm[1-9A-HJ-NP-Za-km-z]{44}$/.test(args.cid)) throw new InvalidInputError("cid is not a CID");
        return services.readModel.getTrack({ cid: args.cid });
      }
      return services.readModel.getTrack({ sha256: sha256Arg((args.id ?? args.sha256)!, args.id != null ? "id" : "sha256") });
    },
    tracks: async (
      _: unknown,
      args: { filter?: TrackFilter | null; first: number; after?: string | null },
      { services }: GraphQLContext,
    ) => {
      if (!Number.isInteger(args.first) || args.first < 1 || args.first > MAX_PAGE) {
        throw new InvalidInputError(`first must be 1..${MAX_PAGE}`);
      }
      const filter: TrackFilter = {};
      if (args.filter?.styleId != null) filter.styleId = args.filter.styleId;
      if (args.filter?.licenceId != null) filter.licenceId = args.filter.licenceId;
      if (args.filter?.kind != null) filter.kind = args.filter.kind;
      if (args.filter?.registrant != null) {
        if (!/^0x[0-9a-fA-F]{40}$/.test(args.filter.registrant)) throw new InvalidInputError("registrant must be an address");
        filter.registrant = args.filter.registrant.toLowerCase();
      }
      const page = await services.readModel.listTracks({ filter, first: args.first, ...(args.after ? { after: args.after } : {}) });
      return {
        edges: page.tracks.map((node, i) => ({ node, cursor: page.cursors[i]! })),
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
      };
    },
    style: (_: unknown, { id }: { id: string }, { services }: GraphQLContext) => services.readModel.getStyle(styleIdArg(id)),
    provenance: (_: unknown, { sha256 }: { sha256: string }, { services }: GraphQLContext) =>
      services.readModel.getProvenance(sha256Arg(sha256, "sha256")),
  },
};
