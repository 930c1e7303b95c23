import { BaseError, type BaseErrorOptions } from "../../audio/src/errors/base-error.js";

/** A job error with the HTTP status the API answers with. */
export abstract class GeneratorServiceError extends BaseError {
  abstract readonly status: number;
}

/** A request body that is not a valid job (wrong type, out of range, unknown model): 400. */
export class InvalidJobRequestError extends GeneratorServiceError {
  readonly code = "INVALID_JOB_REQUEST";
  readonly status = 400;

  constructor(what: string, options: BaseErrorOptions = {}) {
    super(`Invalid job request: ${what}`, options);
  }
}

/** No job with that id: 404. */
export class JobNotFoundError extends GeneratorServiceError {
  readonly code = "JOB_NOT_FOUND";
  readonly status = 404;

  constructor(id: string) {
    super(`No job ${JSON.stringify(id)}`);
  }
}

/** The job is not in a state that allows the request (cancel a finished job, audio of an unfinished one): 409. */
export class JobStateError extends GeneratorServiceError {
  readonly code = "JOB_STATE";
  readonly status = 409;

  constructor(what: string) {
    super(what);
  }
}

/** The queue holds as many jobs as it may: 429, try later. */
export class QueueFullError extends GeneratorServiceError {
  readonly code = "QUEUE_FULL";
  readonly status = 429;

  constructor(capacity: number) {
    super(`The job queue is full (${capacity} waiting jobs); try again later`);
  }
}
