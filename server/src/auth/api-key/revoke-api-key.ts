import type { Sql } from "../../store/index.js";
import { ApiKeyNotFoundError } from "../errors.js";
import { apiKeyFromRow, type ApiKey, type ApiKeyRow } from "./api-key.js";

/** Revokes the key with this id (from `soundmark apikey list`); revoking twice keeps the first time. */
export async function revokeApiKey(sql: Sql, id: string): Promise<ApiKey> {
  const [row] = await sql.query<ApiKeyRow>(
    `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1
     RETURNING id, prefix, label, scopes, created_at, revoked_at, last_used_at`,
    [id],
  );
  if (!row) throw new ApiKeyNotFoundError(id);
  return apiKeyFromRow(row);
}
