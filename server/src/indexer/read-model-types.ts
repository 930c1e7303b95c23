/**
 * What the read model returns: plain JSON-friendly objects. Ids and wei are decimal strings (they exceed 2^53), sha256
 * values are 64 lowercase hex digits without 0x, addresses and keccak hashes lowercase 0x hex, times ISO-8601 strings.
 */

export type TrackKindName = "original" | "generated" | "derivative";

export interface TrackView {
  sha256: string;
  /** TrackNFT token id: uint256 of the content hash, decimal. */
  tokenId: string;
  /** registered: a full on-chain record; anchored: in an anchored Merkle batch of this server, not promoted yet. */
  status: "registered" | "anchored";
  kind: TrackKindName;
  registrant: string;
  /** null when the track has no style / licence (0 on-chain). */
  styleId: string | null;
  licenceId: string | null;
  manifestDigest: string;
  /** CIDv1 (raw, sha2-256) of the manifest, derived from the on-chain digest. */
  manifestCid: string;
  parents: string[];
  transactionHash: string;
  blockNumber: string;
  logIndex: number;
  registeredAt: string;
  /** The batch root the record was promoted from (or is anchored in). */
  batchRoot: string | null;
}

export interface TrackFilter {
  styleId?: string | bigint | number;
  registrant?: string;
  kind?: TrackKindName;
}

export interface ListTracksParameters {
  filter?: TrackFilter;
  /** Page size, 1..100 (default 20). */
  first?: number;
  /** The `endCursor` of the previous page. */
  after?: string | null;
}

export interface TrackConnection {
  edges: { cursor: string; node: TrackView }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export interface LicenceTermsView {
  termsVersion: number;
  fee: string;
  royaltyBps: number;
  /** Seconds a licence lasts; 0 = forever. */
  duration: string;
  /** 0 = no cap. */
  maxTracks: number;
  commercial: boolean;
  derivatives: boolean;
  purchasable: boolean;
  setAt: string;
  transactionHash: string;
}

export interface LicenceView {
  licenceId: string;
  styleId: string;
  licensee: string;
  /** null = never expires. After a revocation, the revocation time. */
  expiresAt: string | null;
  maxTracks: number;
  royaltyBps: number;
  commercial: boolean;
  derivatives: boolean;
  bySignature: boolean;
  feePaid: string;
  revoked: boolean;
  revokedAt: string | null;
  /** Tracks registered under the licence (as indexed). */
  tracksRegistered: number;
  issuedAt: string;
  transactionHash: string;
  blockNumber: string;
}

export interface StyleView {
  styleId: string;
  artist: string;
  metadataUri: string;
  terms: LicenceTermsView;
  termsHistory: LicenceTermsView[];
  licences: LicenceView[];
  /** Tracks registered in the style (generated and derivative works), newest first, at most `derivativesLimit`. */
  derivatives: TrackView[];
  derivativeCount: number;
  registeredAt: string;
  transactionHash: string;
}

export interface TokenView {
  tokenId: string;
  sha256: string;
  owner: string | null;
  listing: { active: boolean; price: string | null; registrant: string | null; artist: string | null; royaltyBps: number | null; transactionHash: string } | null;
  sale: { buyer: string; price: string; transactionHash: string; blockNumber: string; soldAt: string } | null;
  settlement: { artist: string; artistShare: string; registrant: string; registrantShare: string; transactionHash: string } | null;
  transfers: { from: string; to: string; transactionHash: string; blockNumber: string }[];
}

export interface ProvenanceView {
  track: TrackView;
  registrant: string;
  style: { styleId: string; artist: string; metadataUri: string } | null;
  artist: string | null;
  licence: LicenceView | null;
  parents: TrackView[];
  children: TrackView[];
  transactionHash: string;
  blockNumber: string;
  manifestCid: string;
  /** Off-chain fields from the ingest pipeline (ingest_tracks), null when this server did not ingest the file. */
  audioCid: string | null;
  pcmSha256: string | null;
  durationSeconds: number | null;
  modelHash: string | null;
  watermarkPayload: string | null;
  watermark: Record<string, unknown> | null;
  generator: Record<string, unknown> | null;
  token: TokenView | null;
}
