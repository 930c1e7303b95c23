/** Options common to every Soundmark error. */
export interface BaseErrorOptions {
  /** What the caller can check or do next; shown after the short message. */
  details?: string;
  cause?: unknown;
}

/**
 * The root of all Soundmark errors, in the audio package (which depends on nothing) so that the generator, the server
 * and the CLI share it. One subclass per domain, each with a stable `code` that the GraphQL edge and the CLI map to
 * their own formats, and a `shortMessage` fit for an end user.
 */
export abstract class BaseError extends Error {
  abstract readonly code: string;
  readonly shortMessage: string;
  readonly details: string | undefined;

  constructor(shortMessage: string, options: BaseErrorOptions = {}) {
    super(options.details ? `${shortMessage}\n\nDetails: ${options.details}` : shortMessage, { cause: options.cause });
    this.shortMessage = shortMessage;
    this.details = options.details;
    this.name = new.target.name;
  }
}
