import { BaseError } from "../../errors/base.js";

/** A line of the journal, other than a torn last line, is not a journal entry. */
export class ChainJournalCorruptError extends BaseError {
  readonly code = "CHAIN_JOURNAL_CORRUPT";
  constructor(
    readonly journalPath: string,
    readonly line: number,
    reason: string,
  ) {
    super(`The chain journal ${journalPath} is corrupt at line ${line}: ${reason}`, {
      details: "a torn last line is dropped on its own; a bad line before the end means the file was edited or damaged. Restore it from a backup, or move it away to start a new chain",
    });
  }
}

/** The journal was written by a chain with another configuration (chain id, genesis accounts, hardfork...). */
export class ChainJournalMismatchError extends BaseError {
  readonly code = "CHAIN_JOURNAL_OTHER_CHAIN";
  constructor(
    readonly journalPath: string,
    what: string,
  ) {
    super(`The chain journal ${journalPath} was written by another chain: ${what}`, {
      details: "the default network of hardhat.config.ts (chain id, accounts, hardfork, gas settings) must be the one the journal was written with. Restore that configuration, or move the journal away to start a new chain",
    });
  }
}

/** Replaying an entry did not give the chain the journal recorded (another block hash, or another outcome). */
export class ChainReplayMismatchError extends BaseError {
  readonly code = "CHAIN_JOURNAL_REPLAY_MISMATCH";
  constructor(
    readonly journalPath: string,
    readonly line: number,
    readonly method: string,
    what: string,
  ) {
    super(`Replaying line ${line} of ${journalPath} (${method}) gave another chain: ${what}`, {
      details: "the journal does not replay identically: it was edited, or the chain configuration or the EDR version changed since it was written",
    });
  }
}

/** Another process holds the chain folder. */
export class ChainFolderLockedError extends BaseError {
  readonly code = "CHAIN_FOLDER_LOCKED";
  constructor(
    readonly lockPath: string,
    readonly pid: number,
  ) {
    super(`The chain folder is in use by process ${pid} (${lockPath})`, {
      details: "stop that process first (two chains appending to one journal would corrupt it); remove the lock file only if that process is gone",
    });
  }
}

/** The journal could not be written: the chain in memory is ahead of the disk, so it stops changing. */
export class ChainJournalWriteError extends BaseError {
  readonly code = "CHAIN_JOURNAL_WRITE_FAILED";
  constructor(
    readonly journalPath: string,
    options: { cause: unknown },
  ) {
    super(`Could not append to the chain journal ${journalPath}`, {
      ...options,
      details: "the chain refuses every further change until it is restarted (it then replays what the journal holds): check the disk (space, permissions)",
    });
  }
}
