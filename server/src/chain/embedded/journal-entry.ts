/**
 * The lines of `<dataDir>/chain/journal.jsonl`: one header, then one entry per state-changing call that the chain
 * answered, in the order the chain ran them.
 */

export const JOURNAL_FORMAT = "soundmark-chain-journal";
export const JOURNAL_VERSION = 1;

/** The first line: which chain the entries apply to. */
export interface JournalHeader {
  format: typeof JOURNAL_FORMAT;
  version: typeof JOURNAL_VERSION;
  chainId: number;
  /** The genesis block: its timestamp (seconds) starts the chain again, its hash proves the configuration is the same. */
  genesis: { hash: `0x${string}`; timestamp: number };
  /** The chain clock minus the wall clock (seconds) when the journal was created. */
  clockOffset: number;
  createdAt: string;
}

/** A state-changing call, with what the chain looked like after it. */
export interface JournalEntry {
  method: string;
  params: unknown[];
  /** Whether the call answered a result (false: an error, e.g. a transaction mined with a revert). */
  ok: boolean;
  /** The timestamp of the first block the call mined; absent when it mined none. */
  timestamp?: number;
  /** The latest block after the call. */
  block: { number: number; hash: `0x${string}` };
  /** The chain clock minus the wall clock (seconds) after the call: restored after a replay. */
  clockOffset: number;
}

const isHash = (v: unknown): v is `0x${string}` => typeof v === "string" && /^0x[0-9a-f]{64}$/i.test(v);
const isCount = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
const isOffset = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v);

/** The header from a parsed first line, or why it is not one. */
export function asJournalHeader(value: unknown): JournalHeader | string {
  if (typeof value !== "object" || value === null) return "not an object";
  const v = value as Record<string, unknown>;
  if (v.format !== JOURNAL_FORMAT) return `not a ${JOURNAL_FORMAT} header`;
  if (v.version !== JOURNAL_VERSION) return `journal version ${String(v.version)}, this chain reads version ${JOURNAL_VERSION}`;
  if (!isCount(v.chainId)) return "chainId is not a number";
  const g = v.genesis as Record<string, unknown> | undefined;
  if (typeof g !== "object" || g === null || !isHash(g.hash) || !isCount(g.timestamp)) return "genesis must hold a hash and a timestamp";
  if (!isOffset(v.clockOffset)) return "clockOffset is not an integer";
  if (typeof v.createdAt !== "string") return "createdAt is not a string";
  return value as JournalHeader;
}

/** The entry from a parsed line, or why it is not one. */
export function asJournalEntry(value: unknown): JournalEntry | string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not an object";
  const v = value as Record<string, unknown>;
  if (typeof v.method !== "string") return "method is not a string";
  if (!Array.isArray(v.params)) return "params is not an array";
  if (typeof v.ok !== "boolean") return "ok is not a boolean";
  if (v.timestamp !== undefined && !isCount(v.timestamp)) return "timestamp is not a number";
  const b = v.block as Record<string, unknown> | undefined;
  if (typeof b !== "object" || b === null || !isCount(b.number) || !isHash(b.hash)) return "block must hold a number and a hash";
  if (!isOffset(v.clockOffset)) return "clockOffset is not an integer";
  return value as JournalEntry;
}
