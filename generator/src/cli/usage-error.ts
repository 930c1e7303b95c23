/** A mistake in the command line itself (unknown command, missing argument, bad option value): exit code 2. */
export class UsageError extends Error {
  readonly code = "USAGE";
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
