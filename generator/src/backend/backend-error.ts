import { BaseError, type BaseErrorOptions } from "../../audio/src/errors/base-error.js";

/** No TensorFlow.js backend could start (or the one asked for is unknown or failed). */
export class BackendUnavailableError extends BaseError {
  readonly code = "BACKEND_UNAVAILABLE";

  constructor(what: string, options: BaseErrorOptions = {}) {
    super(`No TensorFlow.js backend: ${what}`, options);
  }
}
