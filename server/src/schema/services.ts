import type { GetBlock } from "../ipfs/read-verified.js";
import type { CheckAudioResult, CheckMatch } from "../check/index.js";
import type { IngestJob } from "../pipeline/ingest-job.js";
import type { GeneratorClaim } from "../pipeline/generator-claim.js";
import type { SiweConfig } from "../auth/siwe/siwe-config.js";
import type { Store } from "../store/index.js";
import type { ArtistActions } from "./artist/artist-actions.js";
import type { ReadModel } from "./track/read-model-port.js";

/**
 * What the HTTP and GraphQL edge needs from the parts behind it, declared by shape (the pipeline of
 * server/src/pipeline, checkAudio of server/src/check, the read model of server/src/indexer), so the edge depends on
 * these contracts and tests wire the real components in.
 */
export interface IngestService {
  /** Takes over (moves) `filePath`; idempotent by the file's sha256. */
  submit(p: { filePath: string; originalName?: string; submittedBy?: string; generator?: GeneratorClaim }): Promise<IngestJob>;
  getJob(sha256OrJobId: string): Promise<IngestJob | null>;
  on(event: "progress", listener: (job: IngestJob) => void): void;
  off(event: "progress", listener: (job: IngestJob) => void): void;
}

/** One fingerprint match, best first in every list (server/src/check's CheckMatch). */
export type AudioMatch = CheckMatch;

export type { CheckAudioResult };

export interface CheckService {
  checkAudio(p: { filePath: string; signal?: AbortSignal }): Promise<CheckAudioResult>;
  /** Nearest registered tracks to a file, or to a registered track by its sha256. */
  similar(p: { filePath?: string; sha256?: string; limit: number; signal?: AbortSignal }): Promise<AudioMatch[]>;
}

/** Facts about this server that clients need to sign in and to sign grants. */
export interface ServerInfo {
  chainId: number;
  contracts: { SoundmarkRegistry: `0x${string}`; TrackNFT: `0x${string}` };
  siwe: SiweConfig;
  maxUploadBytes: number;
}

export interface Services {
  store: Store;
  ingest: IngestService;
  check: CheckService;
  readModel: ReadModel;
  /** Chain writes for artists; absent on a server without a signer (the mutations then answer UNAVAILABLE). */
  artist?: ArtistActions;
  info: ServerInfo;
  /** Raw blocks of the server's IPFS node, for the trustless gateway (GET /ipfs/:cid); absent: no gateway. */
  blocks?: GetBlock;
}
