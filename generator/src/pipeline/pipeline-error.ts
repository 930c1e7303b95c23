import { BaseError, type BaseErrorOptions } from "../../audio/src/errors/base-error.js";

/** Generation parameters out of range (seconds, seed, temperature, top-k, top-p, beam width, payload). */
export class InvalidGenerateParametersError extends BaseError {
  readonly code = "INVALID_GENERATE_PARAMETERS";

  constructor(what: string, options: BaseErrorOptions = {}) {
    super(`Invalid generation parameters: ${what}`, options);
  }
}
