import type { Sql } from "../../store/index.js";
import { hashSecretToken, isSecretToken } from "../secret-token.js";
import { SESSION_TOKEN_PREFIX } from "./siwe-config.js";

/** Ends a session (sign-out); true when the token was a live session. */
export async function revokeSession(sql: Sql, token: string): Promise<boolean> {
  if (!isSecretToken(token, SESSION_TOKEN_PREFIX)) return false;
  const rows = await sql.query(`UPDATE siwe_sessions SET revoked_at = now() WHERE token_sha256 = $1 AND revoked_at IS NULL RETURNING 1`, [
    hashSecretToken(token),
  ]);
  return rows.length > 0;
}
