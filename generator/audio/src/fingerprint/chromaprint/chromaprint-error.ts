import { AudioError, type AudioErrorOptions } from "../../errors/audio-error.js";

/**
 * The audio cannot be fingerprinted as given: a sample rate Chromaprint refuses (<= 1000 Hz, as
 * `chromaprint_start` does), no channels, channels of different lengths, a format change mid-stream, or samples that
 * are not finite numbers.
 */
export class ChromaprintInputError extends AudioError {
  readonly code = "CHROMAPRINT_INVALID_INPUT";
  constructor(shortMessage: string, options?: AudioErrorOptions) {
    super(shortMessage, options);
  }
}

/**
 * The audio is too short to yield a single sub-fingerprint (about 2.5 s at the default algorithm). fpcalc fails the
 * same way ("ERROR: Empty fingerprint", exit code 2).
 */
export class ChromaprintEmptyFingerprintError extends AudioError {
  readonly code = "CHROMAPRINT_EMPTY_FINGERPRINT";
  constructor(options?: AudioErrorOptions) {
    super("Empty fingerprint: the audio is too short for Chromaprint", options);
  }
}

/** A compressed fingerprint string that does not decode (bad base64, truncated data, inconsistent header). */
export class ChromaprintDecodeError extends AudioError {
  readonly code = "CHROMAPRINT_INVALID_FINGERPRINT";
  constructor(shortMessage: string, options?: AudioErrorOptions) {
    super(shortMessage, options);
  }
}
