export {
  checkAudio,
  MIN_CHECK_SECONDS,
  CHECK_WATERMARK_SECONDS,
  type CheckAudioParameters,
  type CheckAudioResult,
  type CheckMatch,
} from "./check-audio.js";
export { decideVerdict, type AiGeneratedVerdict, type VerdictInputs } from "./verdict.js";
export { trackRecords, type TrackRecordSummary } from "./track-records.js";
