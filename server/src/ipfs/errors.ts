import { BaseError } from "../errors/base.js";

/** A CID or digest that cannot address a manifest (not a raw sha2-256 CIDv1, or not 32 bytes). */
export class InvalidCidError extends BaseError {
  readonly code = "INVALID_CID";
}

/** Bytes read back from IPFS whose hash does not match their CID: the store or the node returned wrong data. */
export class IpfsIntegrityError extends BaseError {
  readonly code = "IPFS_INTEGRITY";
}

/** A CID whose blocks the node does not hold. */
export class IpfsNotFoundError extends BaseError {
  readonly code = "IPFS_NOT_FOUND";
}

/** Content larger than the caller allows (`maxBytes`) or than a single block may be. */
export class IpfsTooLargeError extends BaseError {
  readonly code = "IPFS_TOO_LARGE";
}

/** The IPFS node cannot be opened or reached (a locked data folder, Kubo down or a bad KUBO_API_URL). */
export class IpfsUnavailableError extends BaseError {
  readonly code = "IPFS_UNAVAILABLE";
}
