import { hasScope, type ApiKeyScope } from "./api-key/api-key.js";
import { ForbiddenError, MissingCredentialsError } from "./errors.js";
import type { Principal } from "./principal.js";

/** Asserts an API key with `scope` (or `admin`); throws MissingCredentialsError or ForbiddenError. */
export function requireScope(principal: Principal, scope: ApiKeyScope, what: string): Extract<Principal, { kind: "api-key" }> {
  if (principal.kind === "anonymous") throw new MissingCredentialsError(what);
  if (principal.kind !== "api-key") {
    throw new ForbiddenError(`${what} needs an API key with the "${scope}" scope, not an artist session`);
  }
  if (!hasScope(principal.scopes, scope)) {
    throw new ForbiddenError(`${what} needs the "${scope}" scope`, {
      details: `The key ${principal.keyId} has: ${principal.scopes.join(", ")}`,
    });
  }
  return principal;
}

/**
 * Asserts a SIWE session, of `address` when given (the artist of a style); throws MissingCredentialsError or
 * ForbiddenError.
 */
export function requireSession(principal: Principal, what: string, address?: string): Extract<Principal, { kind: "session" }> {
  if (principal.kind === "anonymous") throw new MissingCredentialsError(what);
  if (principal.kind !== "session") throw new ForbiddenError(`${what} needs an artist signed in with Ethereum, not an API key`);
  if (address !== undefined && principal.address !== address.toLowerCase()) {
    throw new ForbiddenError(`${what} is for ${address.toLowerCase()}; you are signed in as ${principal.address}`);
  }
  return principal;
}
