/**
 * The read model as the edge uses it (server/src/indexer/read-model.ts, pure queries over the store), declared by
 * shape. Views carry on-chain facts from the indexer joined to the off-chain `ingest_tracks` row by sha256.
 */
export interface TrackView {
  /** File sha256, lowercase hex without 0x. */
  sha256: string;
  kind: "original" | "generated" | "derivative" | null;
  registrant: string | null;
  styleId: string | null;
  licenceId: string | null;
  /** Parent sha256s. */
  parents: string[];
  cid: string | null;
  manifestCid: string | null;
  transactionHash: string | null;
  blockNumber: string | null;
  registeredAt: string | null;
  durationSeconds?: number | null;
  tokenId?: string | null;
  [more: string]: unknown;
}

export interface TrackFilter {
  styleId?: bigint;
  licenceId?: bigint;
  registrant?: string;
  kind?: "original" | "generated" | "derivative";
}

export interface TrackPage {
  tracks: TrackView[];
  /** The opaque cursor of each track, in the same order (pass one as `after` to continue after it). */
  cursors: string[];
  endCursor: string | null;
  hasNextPage: boolean;
}

export interface StyleView {
  id: string;
  artist: string;
  metadataURI: string | null;
  terms: Record<string, unknown> | null;
  termsVersion: number | null;
  licences: Record<string, unknown>[];
  derivatives: TrackView[];
  [more: string]: unknown;
}

export interface ProvenanceView {
  track: TrackView;
  registrant: string | null;
  /** The style the track was made under; GraphQL reads the full style only when a query asks (Provenance.style). */
  styleId: string | null;
  artist: string | null;
  licence: Record<string, unknown> | null;
  modelHash: string | null;
  transactionHash: string | null;
  blockNumber: string | null;
  manifestCid: string | null;
  watermark: Record<string, unknown> | null;
  [more: string]: unknown;
}

export interface ReadModel {
  getTrack(q: { sha256?: string; id?: string; cid?: string }): Promise<TrackView | null>;
  listTracks(p: { filter?: TrackFilter; first: number; after?: string }): Promise<TrackPage>;
  getStyle(id: bigint): Promise<StyleView | null>;
  /**
   * The provenance of a registered track, without its parent and child tracks (GraphQL reads those only when a query
   * asks: `getTracks(track.parents)`, `getChildren`).
   */
  getProvenance(sha256: string): Promise<ProvenanceView | null>;
  /** Registered tracks by sha256, in the order asked, unknown ones left out. */
  getTracks(sha256s: readonly string[]): Promise<TrackView[]>;
  /** The registered tracks that name this one as a parent, newest first. */
  getChildren(sha256: string): Promise<TrackView[]>;
}
