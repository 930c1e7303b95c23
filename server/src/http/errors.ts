import { BaseError } from "../errors/base.js";

/** Root of the errors the HTTP and GraphQL edge raises itself. */
export abstract class HttpError extends BaseError {}

/** No track, job, style... with this id. */
export class NotFoundError extends HttpError {
  readonly code = "NOT_FOUND";

  constructor(what: string) {
    super(`Not found: ${what}`);
  }
}

/** An argument that is not of the expected form (a sha256 that is not 64 hex characters, a negative limit...). */
export class InvalidInputError extends HttpError {
  readonly code = "INVALID_INPUT";

  constructor(what: string, options: { details?: string } = {}) {
    super(`Invalid input: ${what}`, options);
  }
}

/** Too many requests for the caller's key or address in the current window. */
export class RateLimitedError extends HttpError {
  readonly code = "RATE_LIMITED";
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    super(`Rate limit exceeded: retry in ${retryAfterSeconds} s`);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A request that ran past the server's deadline. */
export class RequestTimeoutError extends HttpError {
  readonly code = "TIMEOUT";

  constructor(timeoutMs: number) {
    super(`Request timed out after ${timeoutMs} ms`);
  }
}

/** A feature that needs a component this server was started without (no chain connection, for example). */
export class UnavailableError extends HttpError {
  readonly code = "UNAVAILABLE";

  constructor(what: string) {
    super(`Unavailable: ${what}`);
  }
}
