import type { Sql } from "../../store/index.js";
import { ForbiddenError, InvalidApiKeyError, RevokedApiKeyError } from "../errors.js";
import { hashSecretToken, isSecretToken } from "../secret-token.js";
import { API_KEY_PREFIX, apiKeyFromRow, hasScope, type ApiKey, type ApiKeyRow, type ApiKeyScope } from "./api-key.js";

/** `last_used_at` is recorded to the minute. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface VerifyApiKeyParameters {
  key: string;
  /** The scope the caller needs; omitted: any valid key passes. */
  scope?: ApiKeyScope;
}

/**
 * The stored API key behind `key`, after checking that it exists, is not revoked and has `scope`. Records the use
 * (`last_used_at`, at most once a minute per key so that a busy key does not write on every request).
 * Throws InvalidApiKeyError, RevokedApiKeyError or ForbiddenError.
 */
export async function verifyApiKey(sql: Sql, { key, scope }: VerifyApiKeyParameters): Promise<ApiKey> {
  if (!isSecretToken(key, API_KEY_PREFIX)) throw new InvalidApiKeyError();
  const [row] = await sql.query<ApiKeyRow>(
    `SELECT id, prefix, label, scopes, created_at, revoked_at, last_used_at FROM api_keys WHERE key_sha256 = $1`,
    [hashSecretToken(key)],
  );
  if (!row) throw new InvalidApiKeyError();
  const apiKey = apiKeyFromRow(row);
  if (apiKey.revokedAt) throw new RevokedApiKeyError(apiKey.id, apiKey.revokedAt);
  if (scope && !hasScope(apiKey.scopes, scope)) {
    throw new ForbiddenError(`the API key ${apiKey.id} lacks the "${scope}" scope`, {
      details: `Its scopes: ${apiKey.scopes.join(", ")}. Create a key with --scope ${scope}`,
    });
  }
  // The row says when the key was last marked: skip the statement when it is recent (a write on every request would
  // also drop the embedded store's read caches). The WHERE clause stays the guard against racing requests.
  const lastUsed = row.last_used_at === null ? Number.NEGATIVE_INFINITY : new Date(row.last_used_at).getTime();
  if (Date.now() - lastUsed < LAST_USED_RESOLUTION_MS) return apiKey;
  await sql.query(
    `UPDATE api_keys SET last_used_at = now()
     WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
    [apiKey.id],
  );
  return apiKey;
}
