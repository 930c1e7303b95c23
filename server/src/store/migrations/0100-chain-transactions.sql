-- Transactions sent by the server's one signer (server/src/chain/tx-manager.ts). One row per logical transaction
-- (`key`, e.g. "register:<sha256>"); replacements keep the row and the nonce and append their hash to `hashes`, so a
-- restart finds every hash it may have broadcast and never sends the same intent twice.
CREATE TABLE tx_transactions (
  key                      text PRIMARY KEY,
  purpose                  text NOT NULL,
  chain_id                 integer NOT NULL,
  from_address             text NOT NULL CHECK (from_address ~ '^0x[0-9a-f]{40}$'),
  to_address               text NOT NULL CHECK (to_address ~ '^0x[0-9a-f]{40}$'),
  data                     text NOT NULL CHECK (data ~ '^0x([0-9a-f]{2})*$'),
  value                    numeric(78,0) NOT NULL DEFAULT 0,
  nonce                    bigint NOT NULL CHECK (nonce >= 0),
  gas                      bigint NOT NULL CHECK (gas > 0),
  max_fee_per_gas          numeric(78,0) NOT NULL,
  max_priority_fee_per_gas numeric(78,0) NOT NULL,
  -- every hash broadcast for this nonce, oldest first; the last one carries the current fees
  hashes                   text[] NOT NULL DEFAULT '{}',
  -- sending: the nonce is taken but no hash is known yet (a node-signed account); pending: broadcast, not mined;
  -- mined: in a block, waiting for confirmations; confirmed / reverted: final; dropped: the nonce was used by
  -- something we cannot identify (see tx-manager.ts)
  status                   text NOT NULL CHECK (status IN ('sending', 'pending', 'mined', 'confirmed', 'reverted', 'dropped')),
  mined_hash               text,
  block_number             bigint,
  block_hash               text,
  gas_used                 bigint,
  effective_gas_price      numeric(78,0),
  error                    text,
  last_broadcast_at        timestamptz NOT NULL DEFAULT now(),
  created_at               timestamptz NOT NULL DEFAULT now(),
  updated_at               timestamptz NOT NULL DEFAULT now(),
  UNIQUE (chain_id, from_address, nonce)
);

CREATE INDEX tx_transactions_open ON tx_transactions (chain_id, from_address, status);
