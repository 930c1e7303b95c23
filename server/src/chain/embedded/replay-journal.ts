import { getBlockHead, getClockOffset, type RequestProvider } from "./chain-reads.js";
import { ChainReplayMismatchError } from "./errors.js";
import type { JournalEntry, JournalHeader } from "./journal-entry.js";

export interface ReplayJournalParameters {
  provider: RequestProvider;
  journalPath: string;
  header: JournalHeader;
  entries: readonly { line: number; entry: JournalEntry }[];
}

/**
 * Runs the journaled calls again on a chain started from the journal's genesis, each block at the timestamp it was
 * first mined at, and checks after each call that the chain is the one the journal recorded. Then moves the chain
 * clock back to the offset it had, so that the first new block is not stamped with the time of the replay.
 */
export async function replayJournal({ provider, journalPath, header, entries }: ReplayJournalParameters): Promise<void> {
  for (const { line, entry } of entries) {
    if (entry.timestamp !== undefined) await provider.request({ method: "evm_setNextBlockTimestamp", params: [entry.timestamp] });
    let failure: unknown;
    try {
      await provider.request({ method: entry.method, params: entry.params });
    } catch (error) {
      failure = error;
    }
    const latest = await getBlockHead(provider, "latest");
    if (latest.number !== entry.block.number || latest.hash !== entry.block.hash) {
      const why = failure === undefined ? "" : ` (the call failed: ${errorMessage(failure)})`;
      throw new ChainReplayMismatchError(
        journalPath,
        line,
        entry.method,
        `the latest block is #${latest.number} ${latest.hash}, the journal recorded #${entry.block.number} ${entry.block.hash}${why}`,
      );
    }
    const ok = failure === undefined;
    if (ok !== entry.ok) {
      throw new ChainReplayMismatchError(
        journalPath,
        line,
        entry.method,
        ok ? "the call succeeded where the journal recorded an error" : `the call failed (${errorMessage(failure)}) where the journal recorded a result`,
      );
    }
  }
  // setNextBlockTimestamp moved the clock to the replayed blocks' past; EDR only moves it forward, which is the way back.
  const recorded = entries.at(-1)?.entry.clockOffset ?? header.clockOffset;
  const now = await getClockOffset(provider);
  if (recorded > now) await provider.request({ method: "evm_increaseTime", params: [recorded - now] });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0]! : String(error);
}
