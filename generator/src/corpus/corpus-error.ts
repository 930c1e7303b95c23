import { BaseError, type BaseErrorOptions } from "../../audio/src/errors/base-error.js";

/** Nothing to learn from: no MIDI in the corpus, or no piece that holds a note. */
export class EmptyCorpusError extends BaseError {
  readonly code = "EMPTY_CORPUS";

  constructor(what = "the corpus holds no pieces", options: BaseErrorOptions = {}) {
    super(`Empty corpus: ${what}`, options);
  }
}

/** A Doom WAD whose header or directory is damaged (offsets past the end, a lump count out of reason). */
export class InvalidWadError extends BaseError {
  readonly code = "INVALID_WAD";

  constructor(what: string, options: BaseErrorOptions = {}) {
    super(`Invalid WAD: ${what}`, options);
  }
}

/** A Doom MUS lump that cannot be converted (bad header, an event past the end of the score). */
export class InvalidMusError extends BaseError {
  readonly code = "INVALID_MUS";

  constructor(what: string, options: BaseErrorOptions = {}) {
    super(`Invalid MUS: ${what}`, options);
  }
}
