-- Sign-In with Ethereum (server/src/auth/siwe). A nonce is issued once, expires, and is consumed by the first sign-in
-- that presents it (deleted in the same statement that checks it), so a signed message cannot be replayed.
CREATE TABLE siwe_nonces (
  nonce       text PRIMARY KEY,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);
CREATE INDEX siwe_nonces_expires_at ON siwe_nonces (expires_at);

-- Sessions issued after a verified sign-in; only the SHA-256 of the bearer token is stored.
CREATE TABLE siwe_sessions (
  token_sha256  text PRIMARY KEY CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
  address       text NOT NULL CHECK (address ~ '^0x[0-9a-f]{40}$'),
  chain_id      integer NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  revoked_at    timestamptz
);
CREATE INDEX siwe_sessions_address ON siwe_sessions (address);
