import { BaseError } from "../errors/base.js";

/**
 * Errors of authentication (who is calling) and authorisation (may they do this). The codes are stable; the HTTP edge
 * maps the first group to 401 and the second to 403 (server/src/http/error-status.ts).
 */
export abstract class AuthError extends BaseError {}

/** A write without credentials: no `Authorization: Bearer` header. */
export class MissingCredentialsError extends AuthError {
  readonly code = "UNAUTHENTICATED";

  constructor(what = "this operation") {
    super(`Authentication required: ${what} needs an \`Authorization: Bearer <token>\` header`, {
      details: "Platforms use an API key (sm_...); artists sign in with Ethereum for a session token (siwe_...)",
    });
  }
}

/** An `Authorization` header that is not `Bearer <token>`, or a token of no known kind. */
export class MalformedCredentialsError extends AuthError {
  readonly code = "MALFORMED_CREDENTIALS";

  constructor(what: string) {
    super(`Malformed credentials: ${what}`);
  }
}

/** A well-formed API key that is not (or no longer) in the store. */
export class InvalidApiKeyError extends AuthError {
  readonly code = "INVALID_API_KEY";

  constructor() {
    super("Invalid API key");
  }
}

/** A revoked API key. */
export class RevokedApiKeyError extends AuthError {
  readonly code = "API_KEY_REVOKED";
  readonly keyId: string;

  constructor(keyId: string, revokedAt: string) {
    super(`API key ${keyId} was revoked at ${revokedAt}`);
    this.keyId = keyId;
  }
}

/** A scope name that does not exist (when creating a key). */
export class UnknownScopeError extends AuthError {
  readonly code = "UNKNOWN_SCOPE";

  constructor(scope: string, known: readonly string[]) {
    super(`Unknown API key scope "${scope}"`, { details: `Scopes: ${known.join(", ")}` });
  }
}

/** No API key has this id (revoking). */
export class ApiKeyNotFoundError extends AuthError {
  readonly code = "API_KEY_NOT_FOUND";

  constructor(id: string) {
    super(`No API key has the id "${id}"`);
  }
}

/** Valid credentials without the right to do this: an API key without the scope, a session of another address. */
export class ForbiddenError extends AuthError {
  readonly code = "FORBIDDEN";

  constructor(what: string, options: { details?: string } = {}) {
    super(`Forbidden: ${what}`, options);
  }
}

/** Why a Sign-In with Ethereum attempt was refused. */
export type SiweFailure =
  | "malformed-message"
  | "wrong-domain"
  | "wrong-chain"
  | "wrong-uri"
  | "bad-signature"
  | "expired-message"
  | "not-yet-valid"
  | "unknown-nonce"
  | "expired-nonce";

/** A SIWE message or signature that does not sign the caller in. */
export class SiweError extends AuthError {
  readonly code = "SIWE_REJECTED";
  readonly reason: SiweFailure;

  constructor(reason: SiweFailure, what: string, options: { details?: string; cause?: unknown } = {}) {
    super(`Sign-in refused: ${what}`, options);
    this.reason = reason;
  }
}

/** A session token that is unknown, expired or signed out. */
export class InvalidSessionError extends AuthError {
  readonly code = "INVALID_SESSION";

  constructor(what: string) {
    super(`Invalid session: ${what}`, { details: "Sign in again with Ethereum (a new nonce, message and signature)" });
  }
}
