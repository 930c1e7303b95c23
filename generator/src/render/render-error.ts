import { BaseError, type BaseErrorOptions } from "../../audio/src/errors/base-error.js";

/** Notes that cannot be rendered: a non-finite time, a pitch or velocity out of MIDI range, an absurd length. */
export class InvalidRenderInputError extends BaseError {
  readonly code = "INVALID_RENDER_INPUT";

  constructor(what: string, options: BaseErrorOptions = {}) {
    super(`Cannot render: ${what}`, options);
  }
}

/** A SoundFont file that is not a valid SF2 bank (bad RIFF structure, missing chunks, out-of-range indices). */
export class InvalidSoundFontError extends BaseError {
  readonly code = "INVALID_SOUNDFONT";

  constructor(what: string, options: BaseErrorOptions = {}) {
    super(`Invalid SoundFont: ${what}`, options);
  }
}
