import { BaseError } from "../errors/base.js";

/** An upload larger than the configured cap (MAX_UPLOAD_BYTES). */
export class UploadTooLargeError extends BaseError {
  readonly code = "UPLOAD_TOO_LARGE";
  constructor(bytes: number, maxBytes: number) {
    super(`The upload is ${bytes} bytes, over the ${maxBytes}-byte limit`, { details: "raise MAX_UPLOAD_BYTES to accept it" });
  }
}

/** The generator claim sent with a track breaks the registry's rules or is malformed. */
export class InvalidGeneratorClaimError extends BaseError {
  readonly code = "INVALID_GENERATOR_CLAIM";
  constructor(what: string) {
    super(`Invalid generator claim: ${what}`);
  }
}

/** The upload file handed to submit is missing or not a regular file. */
export class UploadMissingError extends BaseError {
  readonly code = "UPLOAD_MISSING";
}

/** A stage's result contradicts an earlier one (e.g. the IPFS node computed another CID than the manifest holds). */
export class StageInvariantError extends BaseError {
  readonly code = "INGEST_INVARIANT";
}

/** The pipeline was used after stop(), or started twice. */
export class PipelineStateError extends BaseError {
  readonly code = "PIPELINE_STATE";
}
