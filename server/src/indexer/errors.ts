import { BaseError } from "../errors/base.js";

/** The chain replaced blocks older than the indexer's window of stored block hashes: it cannot find where to resume. */
export class ReorgTooDeepError extends BaseError {
  readonly code = "INDEXER_REORG_TOO_DEEP";
  constructor(readonly oldestChecked: bigint | null) {
    super("The chain reorganised below every block hash the indexer kept", {
      details:
        oldestChecked === null
          ? "no stored block matches the chain; re-index from the deployment block"
          : `no stored block at or after ${oldestChecked} matches the chain; raise the reorg window or re-index`,
    });
  }
}

/** The indexer was stopped while a call waited on it. */
export class IndexerStoppedError extends BaseError {
  readonly code = "INDEXER_STOPPED";
}

/** A read-model argument is malformed (not a hash, a bad cursor, a page size out of range). */
export class InvalidQueryError extends BaseError {
  readonly code = "READ_MODEL_INVALID_QUERY";
}
