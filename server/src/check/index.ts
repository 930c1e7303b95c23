export {
  checkAudio,
  MIN_CHECK_SECONDS,
  CHECK_WATERMARK_SECONDS,
  type CheckAudioParameters,
  type CheckAudioResult,
  type CheckMatch,
  type WatermarkSearcher,
} from "./check-audio.js";
export { searchWatermark, type WatermarkSearchOptions } from "./watermark-search.js";
export {
  createWatermarkSearchPool,
  WatermarkSearchError,
  type CreateWatermarkSearchPoolParameters,
  type WatermarkSearchPool,
} from "./watermark-search-pool.js";
export { decideVerdict, type AiGeneratedVerdict, type VerdictInputs } from "./verdict.js";
export { trackRecords, type TrackRecordSummary } from "./track-records.js";
