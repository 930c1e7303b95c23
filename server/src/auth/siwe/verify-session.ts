import type { Sql } from "../../store/index.js";
import { InvalidSessionError } from "../errors.js";
import { hashSecretToken, isSecretToken } from "../secret-token.js";
import { SESSION_TOKEN_PREFIX } from "./siwe-config.js";

export interface VerifiedSession {
  address: `0x${string}`;
  chainId: number;
  expiresAt: string;
}

/** The signed-in address behind a session token; throws InvalidSessionError when unknown, expired or signed out. */
export async function verifySession(sql: Sql, token: string, now: Date = new Date()): Promise<VerifiedSession> {
  if (!isSecretToken(token, SESSION_TOKEN_PREFIX)) throw new InvalidSessionError("not a session token");
  const [row] = await sql.query<{ address: string; chain_id: number; expires_at: Date | string; revoked_at: Date | string | null }>(
    `SELECT address, chain_id, expires_at, revoked_at FROM siwe_sessions WHERE token_sha256 = $1`,
    [hashSecretToken(token)],
  );
  if (!row) throw new InvalidSessionError("unknown token");
  if (row.revoked_at) throw new InvalidSessionError("signed out");
  const expiresAt = new Date(row.expires_at);
  if (expiresAt.getTime() <= now.getTime()) throw new InvalidSessionError(`expired at ${expiresAt.toISOString()}`);
  return { address: row.address as `0x${string}`, chainId: row.chain_id, expiresAt: expiresAt.toISOString() };
}
