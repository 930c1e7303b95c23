import { AudioError } from "../../../generator/audio/src/errors/audio-error.js";
import { ContractPausedError } from "../chain/contract-errors.js";
import { ContractRevertError, InvalidRegistrationError, TransactionRevertedError } from "../chain/errors.js";
import { BaseError } from "../errors/base.js";

export interface RetryPolicy {
  /** Tries of a transient failure before the job fails (5). */
  maxAttempts: number;
  /** Delay before the first retry; doubled each time up to maxDelayMs (2 s, 5 min). */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 2_000, maxDelayMs: 300_000 };

/** Codes of the project's errors that a retry cannot fix: the input itself is bad. */
const PERMANENT_CODES = new Set([
  "UPLOAD_TOO_LARGE",
  "INVALID_GENERATOR_CLAIM",
  "UPLOAD_MISSING",
  "INGEST_INVARIANT",
  "INVALID_CID",
  "IPFS_TOO_LARGE",
]);

/**
 * Whether retrying may help. Bad audio (every AudioError: corrupt, truncated, too long, too short to fingerprint),
 * a refused claim, a registration the registrar refuses and a contract revert (but a paused contract) are permanent;
 * the rest (IPFS or the chain unreachable, a timeout, a dropped transaction, gas over the cap) is transient.
 */
export function isPermanent(error: unknown): boolean {
  if (error instanceof AudioError) return true;
  if (error instanceof BaseError && PERMANENT_CODES.has(error.code)) return true;
  if (error instanceof ContractPausedError) return false;
  if (error instanceof ContractRevertError || error instanceof TransactionRevertedError || error instanceof InvalidRegistrationError) return true;
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    // viem: the contract rejected the call; sending it again gets the same answer.
    if (e.name === "ContractFunctionRevertedError") return true;
  }
  return false;
}

/** Delay before attempt `attempts + 1`, exponential from baseDelayMs. */
export function retryDelayMs(attempts: number, policy: RetryPolicy): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

/** The error as one line for the job row and a stable code. */
export function describeError(error: unknown): { message: string; code: string } {
  if (error instanceof BaseError) return { message: error.shortMessage, code: error.code };
  if (error instanceof Error) {
    const short = (error as { shortMessage?: unknown }).shortMessage;
    const message = typeof short === "string" ? short : error.message.split("\n")[0]!;
    // node-postgres names its server errors "error"; their SQLSTATE (e.g. 22003, numeric out of range) says what failed.
    const sqlState = (error as { code?: unknown }).code;
    if (typeof sqlState === "string" && /^[0-9A-Z]{5}$/.test(sqlState)) return { message, code: `DATABASE_${sqlState}` };
    return { message, code: error.name && error.name.toLowerCase() !== "error" ? error.name : "ERROR" };
  }
  return { message: String(error), code: "ERROR" };
}
