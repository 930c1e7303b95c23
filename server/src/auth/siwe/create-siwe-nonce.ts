import { randomBytes } from "node:crypto";
import type { Sql } from "../../store/index.js";
import { DEFAULT_NONCE_TTL_SECONDS, type SiweConfig } from "./siwe-config.js";

export interface CreateSiweNonceReturnType {
  /** 32 hex characters (EIP-4361 asks for at least 8 alphanumerics). */
  nonce: string;
  expiresAt: string;
}

/**
 * Issues a single-use nonce for a SIWE message and forgets the nonces that expired (so the table stays small
 * without a sweeper).
 *
 * @example
 * const { nonce } = await createSiweNonce(store, config.siwe);
 * // the wallet signs a message with this nonce; signInWithEthereum consumes it
 */
export async function createSiweNonce(
  sql: Sql,
  config: Pick<SiweConfig, "nonceTtlSeconds">,
  now: Date = new Date(),
): Promise<CreateSiweNonceReturnType> {
  const nonce = randomBytes(16).toString("hex");
  const expiresAt = new Date(now.getTime() + (config.nonceTtlSeconds ?? DEFAULT_NONCE_TTL_SECONDS) * 1000);
  await sql.query(`DELETE FROM siwe_nonces WHERE expires_at < $1`, [now]);
  await sql.query(`INSERT INTO siwe_nonces (nonce, created_at, expires_at) VALUES ($1, $2, $3)`, [nonce, now, expiresAt]);
  return { nonce, expiresAt: expiresAt.toISOString() };
}
