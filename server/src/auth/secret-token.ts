import { createHash, randomBytes } from "node:crypto";

/** A random bearer token `<prefix><43 base64url chars>` (256 bits): API keys use `sm_`, sessions `siwe_`. */
export function newSecretToken(prefix: string): string {
  return prefix + randomBytes(32).toString("base64url");
}

/** Whether `token` has the shape newSecretToken gives for `prefix` (checked before any lookup). */
export function isSecretToken(token: string, prefix: string): boolean {
  return token.length === prefix.length + 43 && token.startsWith(prefix) && /^[A-Za-z0-9_-]{43}$/.test(token.slice(prefix.length));
}

/**
 * What the store keeps of a token: its SHA-256 in hex. A fast hash suffices (no salt, no KDF) because the token is
 * 256 random bits, not a password: there is nothing to brute-force.
 */
export function hashSecretToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
