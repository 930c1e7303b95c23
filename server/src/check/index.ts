export { checkAudio, type CheckAudioParameters, type CheckAudioResult, type WatermarkSearcher } from "./check-audio.js";
export { MIN_CHECK_SECONDS, CHECK_WATERMARK_SECONDS, isAnalysable, indexMatches, watermarkSearchFor, type CheckMatch } from "./audio-evidence.js";
export { searchWatermark, type WatermarkSearchOptions } from "./watermark-search.js";
export {
  createWatermarkSearchPool,
  WatermarkSearchError,
  type CreateWatermarkSearchPoolParameters,
  type WatermarkSearchPool,
} from "./watermark-search-pool.js";
export { decideVerdict, type AiGeneratedVerdict, type VerdictInputs } from "./verdict.js";
export { trackRecords, type TrackRecordSummary } from "./track-records.js";
