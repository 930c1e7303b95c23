/** What an API key may do: `ingest` submits tracks, `check` asks checkAudio/similar, `admin` may do everything. */
export type ApiKeyScope = "ingest" | "check" | "admin";

export const API_KEY_SCOPES: readonly ApiKeyScope[] = ["ingest", "check", "admin"];

/** The prefix of every API key, so a key is recognisable in logs and secret scanners. */
export const API_KEY_PREFIX = "sm_";

/** An API key as stored: never the key itself. */
export interface ApiKey {
  id: string;
  /** The first characters of the key after `sm_`, to tell keys apart in listings. */
  prefix: string;
  label: string | null;
  scopes: ApiKeyScope[];
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** A row of `api_keys` as the store returns it. */
export interface ApiKeyRow {
  id: string;
  prefix: string;
  label: string | null;
  scopes: string[];
  created_at: Date | string;
  revoked_at: Date | string | null;
  last_used_at: Date | string | null;
}

export function apiKeyFromRow(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    prefix: row.prefix,
    label: row.label,
    scopes: row.scopes as ApiKeyScope[],
    createdAt: isoTime(row.created_at)!,
    revokedAt: isoTime(row.revoked_at),
    lastUsedAt: isoTime(row.last_used_at),
  };
}

/** Whether a key with `scopes` may act with `scope` (`admin` includes the others). */
export function hasScope(scopes: readonly ApiKeyScope[], scope: ApiKeyScope): boolean {
  return scopes.includes(scope) || scopes.includes("admin");
}

function isoTime(value: Date | string | null): string | null {
  if (value === null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
