export { resample, type ResampleOptions } from "./resample.js";
export { resampleByRatio, type ResampleByRatioOptions } from "./resample-by-ratio.js";
export { Resampler, MAX_RESAMPLE_RATIO, MIN_RESAMPLE_RATIO, type ResamplerOptions } from "./resampler.js";
export {
  RESAMPLE_QUALITIES,
  resolveQuality,
  type ResampleQuality,
  type ResampleQualityName,
  type ResampleQualitySpec,
  type ResolvedQuality,
} from "./quality.js";
