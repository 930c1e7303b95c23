import { BaseError } from "../errors/base.js";

/** A bad argument to verify: a URL that is not http(s), an address that is not one, a cache folder that is a file. */
export class VerifyInputError extends BaseError {
  readonly code = "INVALID_VERIFY_INPUT";
}

/** The chain node cannot be reached, or it answers something that is not a Soundmark registry. */
export class VerifyChainError extends BaseError {
  readonly code = "VERIFY_CHAIN";
}

/**
 * What the chain or IPFS served contradicts itself: an event whose fields do not hash to the stored record, a batch
 * file whose records do not make the anchored root. Verification stops: the sources are lying or corrupt.
 */
export class VerifyIntegrityError extends BaseError {
  readonly code = "VERIFY_INTEGRITY";
}
