import { randomBytes } from "node:crypto";
import type { Sql } from "../../store/index.js";
import { UnknownScopeError } from "../errors.js";
import { hashSecretToken, newSecretToken } from "../secret-token.js";
import { API_KEY_PREFIX, API_KEY_SCOPES, apiKeyFromRow, type ApiKey, type ApiKeyRow, type ApiKeyScope } from "./api-key.js";

export interface CreateApiKeyParameters {
  scopes: readonly string[];
  label?: string;
}

export interface CreateApiKeyReturnType {
  /** The key itself: shown once, never stored. */
  key: string;
  apiKey: ApiKey;
}

/**
 * Creates an API key with the given scopes and stores its SHA-256 only.
 *
 * @example
 * const { key } = await createApiKey(store, { scopes: ["ingest", "check"], label: "radio-platform" });
 * // key = "sm_Xb2..." — hand it to the platform; the store cannot give it back.
 */
export async function createApiKey(sql: Sql, { scopes, label }: CreateApiKeyParameters): Promise<CreateApiKeyReturnType> {
  const unique = [...new Set(scopes.map((s) => s.trim()).filter(Boolean))];
  if (unique.length === 0) throw new UnknownScopeError("(none)", API_KEY_SCOPES);
  for (const scope of unique) {
    if (!API_KEY_SCOPES.includes(scope as ApiKeyScope)) throw new UnknownScopeError(scope, API_KEY_SCOPES);
  }
  const key = newSecretToken(API_KEY_PREFIX);
  const id = `key_${randomBytes(6).toString("hex")}`;
  const [row] = await sql.query<ApiKeyRow>(
    `INSERT INTO api_keys (id, key_sha256, prefix, label, scopes) VALUES ($1, $2, $3, $4, $5)
     RETURNING id, prefix, label, scopes, created_at, revoked_at, last_used_at`,
    [id, hashSecretToken(key), key.slice(API_KEY_PREFIX.length, API_KEY_PREFIX.length + 6), label ?? null, unique],
  );
  return { key, apiKey: apiKeyFromRow(row!) };
}
