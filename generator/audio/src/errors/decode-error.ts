import { AudioError, type AudioErrorOptions } from "./audio-error.js";

/**
 * Errors of decoding (generator/audio/src/decode). The codes are stable: the server maps them to GraphQL error codes.
 * Every failure of `decodeAudio` on bad bytes is one of these; anything else escaping it is a bug.
 */

/** Bytes that are no audio format the package decodes (a PNG, text, AAC, Ogg FLAC, A-law WAV...). */
export class UnsupportedFormatError extends AudioError {
  readonly code = "UNSUPPORTED_AUDIO_FORMAT";

  constructor(what: string, options: AudioErrorOptions = {}) {
    super(`Unsupported audio format: ${what}`, options);
  }
}

/** A known format whose structure or payload is damaged beyond decoding. */
export class CorruptAudioError extends AudioError {
  readonly code = "CORRUPT_AUDIO";

  constructor(what: string, options: AudioErrorOptions = {}) {
    super(`Corrupt audio: ${what}`, options);
  }
}

/** A stream that ends before its headers say it should (an interrupted upload or copy). */
export class TruncatedAudioError extends AudioError {
  readonly code = "TRUNCATED_AUDIO";

  constructor(what: string, options: AudioErrorOptions = {}) {
    super(`Truncated audio: ${what}`, options);
  }
}

/** Which cap of the decode limits was exceeded. */
export type AudioLimit = "maxBytes" | "maxSeconds";

/** An input over the configured size or duration cap; raised before the decoded output is allocated where possible. */
export class AudioTooLargeError extends AudioError {
  readonly code = "AUDIO_TOO_LARGE";
  readonly limit: AudioLimit;

  constructor(limit: AudioLimit, actual: number, maximum: number, options: AudioErrorOptions = {}) {
    const unit = limit === "maxBytes" ? "bytes" : "seconds";
    super(`Audio too large: ${formatAmount(actual)} ${unit} (${limit} is ${formatAmount(maximum)})`, options);
    this.limit = limit;
  }
}

/** A well-formed stream with zero samples. */
export class EmptyAudioError extends AudioError {
  readonly code = "EMPTY_AUDIO";

  constructor(what = "the stream holds no samples", options: AudioErrorOptions = {}) {
    super(`Empty audio: ${what}`, options);
  }
}

/**
 * A decoder that failed for reasons of its own, not of the input (its wasm module did not instantiate).
 * Kept apart from CorruptAudioError so that an operator is not told that a good file is damaged.
 */
export class AudioDecoderError extends AudioError {
  readonly code = "AUDIO_DECODER_FAILED";

  constructor(decoder: string, options: AudioErrorOptions = {}) {
    super(`The ${decoder} decoder failed to start`, options);
  }
}

function formatAmount(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(3);
}
