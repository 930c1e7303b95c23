import type { DecodedAudio } from "../../../../generator/audio/src/decode/index.js";
import type { SoundmarkIndex } from "../../../../generator/audio/src/index/index.js";
import type { WatermarkKey } from "../../../../generator/audio/src/watermark/index.js";
import type { IpfsStore } from "../../ipfs/index.js";
import type { TrackRegistrar } from "../track-registrar.js";
import type { TrackRow, TrackUpdate } from "../track-row.js";

/** The stages, in order. A reader finds the pipeline by reading this list. */
export const STAGES = ["decode", "hashes", "fingerprint", "watermark", "manifest", "ipfs", "register", "index"] as const;
export type StageName = (typeof STAGES)[number];

/** What every stage may use. */
export interface StageDependencies {
  ipfs: IpfsStore;
  registrar: TrackRegistrar;
  index: SoundmarkIndex;
  watermarkKeys: readonly WatermarkKey[];
  limits: { maxUploadBytes: number; maxDurationSeconds: number };
}

export interface StageContext {
  readonly track: TrackRow;
  /** The upload, kept at <dataDir>/uploads/<sha256>. */
  readonly uploadPath: string;
  /** The decoded audio, decoded once per run (again after a restart, as decoded audio is not persisted). */
  audio(): Promise<DecodedAudio>;
  readonly deps: StageDependencies;
}

/** One stage: reads the context, does its work, returns the columns it produced (persisted with the stage's end). */
export type Stage = (context: StageContext) => Promise<TrackUpdate>;
