import { BaseError, type BaseErrorOptions } from "../../audio/src/errors/base-error.js";

export { EmptyCorpusError } from "../corpus/corpus-error.js";

/** Training parameters out of their domain (zero epochs, a negative learning rate, dropout of 1...). */
export class InvalidTrainingParametersError extends BaseError {
  readonly code = "INVALID_TRAINING_PARAMETERS";

  constructor(what: string, options: BaseErrorOptions = {}) {
    super(`Invalid training parameters: ${what}`, options);
  }
}

/** Training stopped by its AbortSignal. */
export class TrainingCancelledError extends BaseError {
  readonly code = "TRAINING_CANCELLED";

  constructor(options: BaseErrorOptions = {}) {
    super("Training cancelled", options);
  }
}
