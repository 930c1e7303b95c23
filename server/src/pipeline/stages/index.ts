import { decodeStage } from "./decode.js";
import { fingerprintStage } from "./fingerprint.js";
import { hashesStage } from "./hashes.js";
import { indexStage } from "./index-track.js";
import { ipfsStage } from "./ipfs.js";
import { manifestStage } from "./manifest.js";
import { registerStage } from "./register.js";
import type { Stage, StageName } from "./stage.js";
import { watermarkStage } from "./watermark.js";

export { STAGES, type Stage, type StageName, type StageContext, type StageDependencies } from "./stage.js";
export { WATERMARK_SCHEME, INGEST_WATERMARK_SECONDS, middle, scanWatermark, type WatermarkScan } from "./watermark.js";

export const STAGE_RUNNERS: Readonly<Record<StageName, Stage>> = {
  decode: decodeStage,
  hashes: hashesStage,
  fingerprint: fingerprintStage,
  watermark: watermarkStage,
  manifest: manifestStage,
  ipfs: ipfsStage,
  register: registerStage,
  index: indexStage,
};
