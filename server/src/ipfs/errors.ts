import { BaseError } from "../errors/base.js";

/** A CID or digest that cannot address a manifest (not a raw sha2-256 CIDv1, or not 32 bytes). */
export class InvalidCidError extends BaseError {
  readonly code = "INVALID_CID";
}
