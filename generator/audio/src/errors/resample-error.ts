import { AudioError, type AudioErrorOptions } from "./audio-error.js";

/** A sample rate that is not a positive finite number. */
export class InvalidSampleRateError extends AudioError {
  readonly code = "INVALID_SAMPLE_RATE";

  constructor(rate: unknown, options: AudioErrorOptions = {}) {
    super(`Invalid sample rate: ${String(rate)} (expected a positive finite number of Hz)`, options);
  }
}

/** A resampling ratio that is not a positive finite number, or one too extreme to resample by. */
export class InvalidResampleRatioError extends AudioError {
  readonly code = "INVALID_RESAMPLE_RATIO";

  constructor(ratio: unknown, options: AudioErrorOptions = {}) {
    super(`Invalid resampling ratio: ${String(ratio)}`, options);
  }
}

/** A resampler quality that is neither a preset name nor a valid specification. */
export class InvalidResampleQualityError extends AudioError {
  readonly code = "INVALID_RESAMPLE_QUALITY";

  constructor(quality: unknown, options: AudioErrorOptions = {}) {
    super(`Invalid resampler quality: ${JSON.stringify(quality)}`, options);
  }
}
