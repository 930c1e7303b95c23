import { AudioError, type AudioErrorOptions } from "./audio-error.js";

/** A watermark key that is not `{ keyId, secret }` with a 32-byte hex secret (or whose keyId does not match it). */
export class InvalidWatermarkKeyError extends AudioError {
  readonly code = "INVALID_WATERMARK_KEY";

  constructor(reason: string, options: AudioErrorOptions = {}) {
    super(`Invalid watermark key: ${reason}`, options);
  }
}

/** A payload that is not a Uint8Array of exactly WATERMARK_PAYLOAD_BYTES bytes. */
export class InvalidPayloadError extends AudioError {
  readonly code = "INVALID_PAYLOAD";

  constructor(reason: string, options: AudioErrorOptions = {}) {
    super(`Invalid watermark payload: ${reason}`, options);
  }
}

/** Audio the watermark cannot be embedded in or searched: no channels, unequal channels, NaN/Inf samples, a bad rate. */
export class InvalidWatermarkAudioError extends AudioError {
  readonly code = "INVALID_WATERMARK_AUDIO";

  constructor(reason: string, options: AudioErrorOptions = {}) {
    super(`Invalid audio for the watermark: ${reason}`, options);
  }
}
