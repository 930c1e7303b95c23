export { embedWatermark, type EmbedWatermarkOptions, type EmbedWatermarkReturnType } from "./embed-watermark.js";
export {
  detectWatermark,
  type DetectWatermarkOptions,
  type DetectWatermarkReturnType,
  type WatermarkSegment,
} from "./detect-watermark.js";
export { generateWatermarkKey, parseWatermarkKey, watermarkKeyId, type WatermarkKey } from "./watermark-key.js";
export { WATERMARK_PAYLOAD_BYTES, PAYLOAD_BITS, CODED_BITS, INTERNAL_RATE, QIM_STEPS, SCHEME_LABEL as WATERMARK_SCHEME } from "./layout.js";
export { bernsteinTail, searchFalsePositiveProbability } from "./significance.js";
export { InvalidPayloadError, InvalidWatermarkAudioError, InvalidWatermarkKeyError } from "../errors/watermark-error.js";
