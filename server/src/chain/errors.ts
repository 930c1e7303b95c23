import { BaseError, type BaseErrorOptions } from "../errors/base.js";

/** The estimated gas of a transaction is above the configured cap: it is refused before anything is signed. */
export class GasCapExceededError extends BaseError {
  readonly code = "CHAIN_GAS_CAP_EXCEEDED";
  constructor(
    readonly purpose: string,
    readonly estimatedGas: bigint,
    readonly gasCap: bigint,
  ) {
    super(`Transaction "${purpose}" needs ${estimatedGas} gas, above the cap of ${gasCap}`, {
      details: "raise the gas cap (CHAIN_MAX_GAS) if this amount is expected, or look for a contract change",
    });
  }
}

/** The transaction was mined and reverted. */
export class TransactionRevertedError extends BaseError {
  readonly code = "CHAIN_TRANSACTION_REVERTED";
  constructor(
    readonly key: string,
    readonly transactionHash: `0x${string}`,
    options: BaseErrorOptions = {},
  ) {
    super(`Transaction "${key}" (${transactionHash}) reverted`, options);
  }
}

/** A transaction's nonce was used by a transaction this server cannot identify (another process with the same key?). */
export class TransactionDroppedError extends BaseError {
  readonly code = "CHAIN_TRANSACTION_DROPPED";
  constructor(readonly key: string, options: BaseErrorOptions = {}) {
    super(`Transaction "${key}" was dropped: its nonce was used by another transaction`, options);
  }
}

/** No transaction was ever recorded under this key. */
export class UnknownTransactionError extends BaseError {
  readonly code = "CHAIN_UNKNOWN_TRANSACTION";
  constructor(readonly key: string) {
    super(`No transaction is recorded under the key "${key}"`);
  }
}

/** The same key was used for a different transaction (another target, data or value). */
export class TransactionKeyConflictError extends BaseError {
  readonly code = "CHAIN_TRANSACTION_KEY_CONFLICT";
  constructor(readonly key: string) {
    super(`The key "${key}" already names a different transaction`, {
      details: "a key identifies one intent; use a new key for a new transaction",
    });
  }
}

/** The chain or the node refused or failed a request in a way that is not a contract revert. */
export class ChainRequestError extends BaseError {
  readonly code = "CHAIN_REQUEST_FAILED";
}

/** The component was closed while a call was waiting. */
export class ChainClientClosedError extends BaseError {
  readonly code = "CHAIN_CLOSED";
}

/** A contract call reverted with a custom error of the Soundmark contracts (or of OpenZeppelin's). */
export class ContractRevertError extends BaseError {
  readonly code: string = "CHAIN_CONTRACT_REVERT";
  constructor(
    /** The Solidity error name, e.g. `StyleRegistryLicenceExpired`; undefined when the revert data was not decodable. */
    readonly errorName: string | undefined,
    readonly errorArgs: readonly unknown[],
    options: BaseErrorOptions = {},
  ) {
    super(
      errorName ? `The contract refused the call: ${errorName}(${errorArgs.map(String).join(", ")})` : "The contract refused the call",
      options,
    );
  }
}

/** Loading the signer's keystore failed (missing file, wrong password, malformed JSON). */
export class KeystoreError extends BaseError {
  readonly code = "CHAIN_KEYSTORE";
}

/** A registration request is malformed (not a 32-byte hash, an id out of range, too many parents...). */
export class InvalidRegistrationError extends BaseError {
  readonly code = "REGISTRATION_INPUT_INVALID";
}

/** A registration failed in an earlier attempt (the typed error of that attempt is in `failureCode`). */
export class RegistrationFailedError extends BaseError {
  readonly code = "REGISTRATION_FAILED";
  constructor(
    readonly contentHash: string,
    readonly failureCode: string | null,
    message: string | null,
  ) {
    super(`Registering ${contentHash} failed: ${message ?? "unknown reason"}`);
  }
}
