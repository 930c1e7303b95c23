import { BaseError as ViemBaseError, decodeErrorResult, isHex, type Abi, type Hex } from "viem";
import { soundmarkRegistryAbi } from "./abi/SoundmarkRegistry.js";
import { trackNFTAbi } from "./abi/TrackNFT.js";
import { ContractRevertError } from "./errors.js";

/** The licence named by a registration does not let the registrant register it (or a licence is missing). */
export class LicenceNotValidError extends ContractRevertError {
  override readonly code = "REGISTRATION_LICENCE_INVALID";
}

/** The content hash is already registered on-chain. */
export class TrackAlreadyRegisteredError extends ContractRevertError {
  override readonly code = "REGISTRATION_ALREADY_REGISTERED";
}

/** A parent is not registered, or is the track itself. */
export class UnknownParentError extends ContractRevertError {
  override readonly code = "REGISTRATION_UNKNOWN_PARENT";
}

/** The record is malformed for the contract: kind and fields disagree, too many parents, zero hashes. */
export class InvalidTrackRecordError extends ContractRevertError {
  override readonly code = "REGISTRATION_INVALID_RECORD";
}

/** The style (or licence) does not exist. */
export class UnknownStyleError extends ContractRevertError {
  override readonly code = "CHAIN_UNKNOWN_STYLE";
}

/** The contract is paused by its pauser. */
export class ContractPausedError extends ContractRevertError {
  override readonly code = "CHAIN_CONTRACT_PAUSED";
}

/** Merkle batch errors: unknown batch, invalid proof, an anchored root. */
export class BatchError extends ContractRevertError {
  override readonly code = "REGISTRATION_BATCH";
}

type RevertClass = new (name: string | undefined, args: readonly unknown[], options?: { details?: string; cause?: unknown }) => ContractRevertError;

const CLASS_OF_ERROR: Record<string, RevertClass> = {
  TrackRegistryAlreadyRegistered: TrackAlreadyRegisteredError,
  TrackRegistryUnknownParent: UnknownParentError,
  TrackRegistryInvalidRecord: InvalidTrackRecordError,
  TrackRegistryInvalidKind: InvalidTrackRecordError,
  TrackRegistryTooManyParents: InvalidTrackRecordError,
  TrackRegistryNotRegistrant: InvalidTrackRecordError,
  TrackRegistryLicenceRequired: LicenceNotValidError,
  StyleRegistryUnknownLicence: LicenceNotValidError,
  StyleRegistryNotLicensee: LicenceNotValidError,
  StyleRegistryWrongStyle: LicenceNotValidError,
  StyleRegistryLicenceRevoked: LicenceNotValidError,
  StyleRegistryLicenceExpired: LicenceNotValidError,
  StyleRegistryLicenceNotYetIssued: LicenceNotValidError,
  StyleRegistryDerivativesNotAllowed: LicenceNotValidError,
  StyleRegistryTrackCapReached: LicenceNotValidError,
  StyleRegistryUnknownStyle: UnknownStyleError,
  EnforcedPause: ContractPausedError,
  TrackRegistryInvalidBatch: BatchError,
  TrackRegistryBatchExists: BatchError,
  TrackRegistryUnknownBatch: BatchError,
  TrackRegistryInvalidProof: BatchError,
};

const DETAILS: Record<string, string> = {
  TrackRegistryLicenceRequired: "a styled track needs a licence unless its registrant is the style's artist",
  StyleRegistryNotLicensee: "the licence belongs to another account than the server's signer",
  StyleRegistryLicenceExpired: "buy or ask for a new licence of the style",
  StyleRegistryLicenceRevoked: "the artist revoked this licence",
  StyleRegistryTrackCapReached: "the licence registered its maximum number of tracks",
  StyleRegistryDerivativesNotAllowed: "tracks with parents need a licence that allows derivatives",
  TrackRegistryUnknownParent: "register every parent before the tracks derived from it",
  EnforcedPause: "the contract is paused; try again once it is unpaused",
};

/** Both contracts' ABIs: their errors, so a revert from either decodes. */
const ERROR_ABI = [...soundmarkRegistryAbi, ...trackNFTAbi].filter((item) => item.type === "error") as Abi;

/** The revert data carried somewhere in a viem or JSON-RPC error's cause chain, when there is any. */
export function revertDataOf(error: unknown): Hex | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const data = (current as { data?: unknown }).data;
    if (typeof data === "string" && isHex(data) && data.length >= 10) return data;
    if (data && typeof data === "object") {
      const nested = (data as { data?: unknown }).data;
      if (typeof nested === "string" && isHex(nested) && nested.length >= 10) return nested;
    }
    if (current instanceof ViemBaseError) {
      const raw = (current as ViemBaseError & { raw?: unknown }).raw;
      if (typeof raw === "string" && isHex(raw) && raw.length >= 10) return raw;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The typed error for a decoded contract error. */
export function contractError(errorName: string | undefined, args: readonly unknown[], cause?: unknown): ContractRevertError {
  const Class = (errorName && CLASS_OF_ERROR[errorName]) || ContractRevertError;
  return new Class(errorName, args, { details: errorName ? DETAILS[errorName] : undefined, cause });
}

/**
 * The typed revert behind `error` (a failed estimate, call or simulation), or undefined when `error` is not a
 * contract revert (a network failure, a node refusing the transaction...).
 */
export function contractErrorFrom(error: unknown): ContractRevertError | undefined {
  if (error instanceof ContractRevertError) return error;
  const data = revertDataOf(error);
  if (data) {
    try {
      const decoded = decodeErrorResult({ abi: ERROR_ABI, data });
      return contractError(decoded.errorName, decoded.args ?? [], error);
    } catch {
      return contractError(undefined, [], error);
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/revert/i.test(message) && !/nonce|fee|underpriced|insufficient funds/i.test(message)) {
    return contractError(undefined, [], error);
  }
  return undefined;
}
