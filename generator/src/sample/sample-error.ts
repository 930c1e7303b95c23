import { BaseError, type BaseErrorOptions } from "../../audio/src/errors/base-error.js";

/** Sampling parameters out of their domain (a negative temperature, top-p above 1, an absurd length). */
export class InvalidSamplingParametersError extends BaseError {
  readonly code = "INVALID_SAMPLING_PARAMETERS";

  constructor(what: string, options: BaseErrorOptions = {}) {
    super(`Invalid sampling parameters: ${what}`, options);
  }
}

/** Generation stopped by its AbortSignal (a cancelled job). */
export class GenerationCancelledError extends BaseError {
  readonly code = "GENERATION_CANCELLED";

  constructor(options: BaseErrorOptions = {}) {
    super("Generation cancelled", options);
  }
}
