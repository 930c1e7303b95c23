-- API keys of platforms and operators (server/src/auth/api-key). Only the SHA-256 of a key is stored: a leak of
-- this table does not leak usable keys. `prefix` (the first characters after "sm_") lets an operator recognise a key
-- in `soundmark apikey list` without storing it.
CREATE TABLE api_keys (
  id            text PRIMARY KEY,
  key_sha256    text NOT NULL UNIQUE CHECK (key_sha256 ~ '^[0-9a-f]{64}$'),
  prefix        text NOT NULL,
  label         text,
  scopes        text[] NOT NULL CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['ingest', 'check', 'admin']::text[]),
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz,
  last_used_at  timestamptz
);
