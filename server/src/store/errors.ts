import { BaseError } from "../errors/base.js";

/** The database cannot be reached or opened (bad DATABASE_URL, server down, wrong credentials, unusable data folder). */
export class StoreConnectionError extends BaseError {
  readonly code = "STORE_CONNECTION";
}

/** A migration file is malformed, failed to apply, or differs from the one recorded as applied. */
export class MigrationError extends BaseError {
  readonly code = "STORE_MIGRATION";
  readonly migration: string;

  constructor(migration: string, shortMessage: string, options: { details?: string; cause?: unknown } = {}) {
    super(`Migration ${migration}: ${shortMessage}`, options);
    this.migration = migration;
  }
}

/** The store was used after `close()`. */
export class StoreClosedError extends BaseError {
  readonly code = "STORE_CLOSED";
}
