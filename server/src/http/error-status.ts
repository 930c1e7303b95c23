import { BaseError } from "../errors/base.js";

/**
 * The HTTP status of each stable error code. GraphQL errors carry the same code in `extensions.code`, and the status
 * in `extensions.http.status` so that yoga answers a request that failed as a whole (upload, auth) with it.
 * Codes not listed are failures of the server or of a component behind it: 500, with the code and message kept.
 */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  // auth (server/src/auth/errors.ts)
  UNAUTHENTICATED: 401,
  MALFORMED_CREDENTIALS: 401,
  INVALID_API_KEY: 401,
  API_KEY_REVOKED: 401,
  INVALID_SESSION: 401,
  SIWE_REJECTED: 401,
  FORBIDDEN: 403,
  UNKNOWN_SCOPE: 400,
  API_KEY_NOT_FOUND: 404,
  // the edge (server/src/http/errors.ts, upload/errors.ts)
  NOT_FOUND: 404,
  INVALID_INPUT: 400,
  RATE_LIMITED: 429,
  TIMEOUT: 504,
  UNAVAILABLE: 503,
  UPLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  MALFORMED_UPLOAD: 400,
  MISSING_FILE: 400,
  // decoding (generator/audio/src/errors/decode-error.ts), when checkAudio decodes in the request
  UNSUPPORTED_AUDIO_FORMAT: 415,
  AUDIO_TOO_LARGE: 413,
  CORRUPT_AUDIO: 422,
  TRUNCATED_AUDIO: 422,
  EMPTY_AUDIO: 422,
  // content addressing (server/src/ipfs/errors.ts)
  INVALID_CID: 400,
  // ingest (server/src/pipeline/errors.ts)
  INVALID_GENERATOR_CLAIM: 400,
  // chain (server/src/chain/errors.ts, contract-errors.ts): the contract refused what the caller asked
  CHAIN_CONTRACT_REVERT: 422,
  REGISTRATION_LICENCE_INVALID: 422,
  REGISTRATION_ALREADY_REGISTERED: 422,
  REGISTRATION_UNKNOWN_PARENT: 422,
  REGISTRATION_INVALID_RECORD: 422,
  CHAIN_UNKNOWN_STYLE: 422,
  CHAIN_CONTRACT_PAUSED: 503,
  // the database server is restarting or unreachable (server/src/store/errors.ts): retry later
  STORE_CONNECTION: 503,
};

/** The HTTP status for an error: from its code for a BaseError, 500 for anything else. */
export function httpStatusOf(error: unknown): number {
  if (error instanceof BaseError) return STATUS_BY_CODE[error.code] ?? 500;
  return 500;
}

/** Whether the error is the client's doing (4xx): logged at a lower level than the server's failures. */
export function isClientError(error: unknown): boolean {
  const status = httpStatusOf(error);
  return status >= 400 && status < 500;
}
