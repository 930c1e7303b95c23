import { BaseError, type BaseErrorOptions } from "../../audio/src/errors/base-error.js";

/** Bytes that are not a Standard MIDI File, or one damaged or truncated beyond parsing. */
export class InvalidMidiError extends BaseError {
  readonly code = "INVALID_MIDI";

  constructor(what: string, options: BaseErrorOptions = {}) {
    super(`Invalid MIDI: ${what}`, options);
  }
}

/** A token stream that does not belong to the vocabulary (an id out of range, a vocabulary mismatch). */
export class InvalidTokensError extends BaseError {
  readonly code = "INVALID_TOKENS";

  constructor(what: string, options: BaseErrorOptions = {}) {
    super(`Invalid tokens: ${what}`, options);
  }
}
