export {
  createIngestPipeline,
  type CreateIngestPipelineParameters,
  type IngestPipeline,
  type SubmitTrackParameters,
} from "./ingest-pipeline.js";
export type { IngestJob, IngestStatus } from "./ingest-job.js";
export { validateGeneratorClaim, MAX_PARENTS, type GeneratorClaim, type TrackKindName, type ValidatedClaim } from "./generator-claim.js";
export type { TrackRegistrar, RegisterTrackParameters, RegisteredTrack } from "./track-registrar.js";
export type { TrackRow, WatermarkEvidence, FingerprintRecord } from "./track-row.js";
export { buildManifest, MANIFEST_SCHEMA, type Manifest } from "./manifest.js";
export { canonicalJson } from "./canonical-json.js";
export { STAGES, WATERMARK_SCHEME, middle, scanWatermark, type StageName, type WatermarkScan } from "./stages/index.js";
export { SimulatedCrashError, type PipelineFaults } from "./faults.js";
export { DEFAULT_RETRY_POLICY, isPermanent, type RetryPolicy } from "./retry-policy.js";
export {
  InvalidGeneratorClaimError,
  PipelineStateError,
  StageInvariantError,
  UploadMissingError,
  UploadTooLargeError,
} from "./errors.js";
