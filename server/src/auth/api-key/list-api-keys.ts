import type { Sql } from "../../store/index.js";
import { apiKeyFromRow, type ApiKey, type ApiKeyRow } from "./api-key.js";

/** Every API key, oldest first, revoked ones included (without the keys themselves). */
export async function listApiKeys(sql: Sql): Promise<ApiKey[]> {
  const rows = await sql.query<ApiKeyRow>(
    `SELECT id, prefix, label, scopes, created_at, revoked_at, last_used_at FROM api_keys ORDER BY created_at, id`,
  );
  return rows.map(apiKeyFromRow);
}
