/** Options common to the audio package's errors. */
export interface AudioErrorOptions {
  details?: string;
  cause?: unknown;
}

/**
 * Root of the audio package's errors. Each subclass has a stable `code` (mapped by the server to GraphQL error codes
 * and by the CLI to messages) and a `shortMessage` for people. The package has no dependency on the server, so it
 * keeps its own root with the same shape as the server's `BaseError`.
 */
export abstract class AudioError extends Error {
  abstract readonly code: string;
  readonly shortMessage: string;
  readonly details: string | undefined;

  constructor(shortMessage: string, options: AudioErrorOptions = {}) {
    super(options.details ? `${shortMessage}\n\nDetails: ${options.details}` : shortMessage, { cause: options.cause });
    this.shortMessage = shortMessage;
    this.details = options.details;
    this.name = new.target.name;
  }
}
