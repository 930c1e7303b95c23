import { BaseError, type BaseErrorOptions } from "../../audio/src/errors/base-error.js";

/** Hyper-parameters that do not describe a buildable model (dModel not divisible by heads, a zero context...). */
export class InvalidModelConfigError extends BaseError {
  readonly code = "INVALID_MODEL_CONFIG";

  constructor(what: string, options: BaseErrorOptions = {}) {
    super(`Invalid model config: ${what}`, options);
  }
}

/** A model directory that is missing files, holds malformed JSON, or whose weights do not match its config. */
export class ModelFormatError extends BaseError {
  readonly code = "INVALID_MODEL_FILES";

  constructor(what: string, options: BaseErrorOptions = {}) {
    super(`Cannot load the model: ${what}`, options);
  }
}

/** A style id that the model was not trained on. */
export class UnknownStyleError extends BaseError {
  readonly code = "UNKNOWN_STYLE";
  readonly styleId: string;

  constructor(styleId: string, known: readonly string[], options: BaseErrorOptions = {}) {
    super(`Unknown style "${styleId}"`, { details: `The model knows: ${known.join(", ") || "(none)"}`, ...options });
    this.styleId = styleId;
  }
}
