-- The registrar's own view of the tracks it registers (server/src/chain/track-registrar.ts): one row per content
-- hash, written before anything is sent, so that a second call (or a restarted process) finds the registration in
-- flight instead of sending it again. Hashes are lowercase hex without 0x, as in ingest_tracks.
CREATE TABLE registrar_records (
  content_hash     text PRIMARY KEY CHECK (content_hash ~ '^[0-9a-f]{64}$'),
  kind             text NOT NULL CHECK (kind IN ('original', 'generated', 'derivative')),
  style_id         bigint NOT NULL CHECK (style_id >= 0),
  licence_id       numeric(78,0) NOT NULL CHECK (licence_id >= 0),
  parents          text[] NOT NULL DEFAULT '{}',
  manifest_digest  text NOT NULL CHECK (manifest_digest ~ '^[0-9a-f]{64}$'),
  registrant       text NOT NULL CHECK (registrant ~ '^0x[0-9a-f]{40}$'),
  -- queued: waiting for a flush; sent: its register (or its batch's anchor) transaction is out;
  -- registered: a full record on-chain; anchored: in an anchored batch, not promoted yet; failed: refused
  status           text NOT NULL CHECK (status IN ('queued', 'sent', 'registered', 'anchored', 'failed')),
  mode             text CHECK (mode IN ('direct', 'batch', 'external')),
  tx_key           text REFERENCES tx_transactions (key),
  transaction_hash text,
  block_number     bigint,
  -- the record was already on-chain when first asked (registered by someone or something else)
  already_registered boolean NOT NULL DEFAULT false,
  batch_root       text,
  batch_proof      text[],
  promote_tx_key   text REFERENCES tx_transactions (key),
  error_code       text,
  error            text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX registrar_records_status ON registrar_records (status, created_at);
CREATE INDEX registrar_records_batch_root ON registrar_records (batch_root);

-- Merkle batches the registrar anchored: the batch file (canonical JSON of the records, its SHA-256 is the
-- on-chain leavesDigest) is kept so any proof can be rebuilt and the file can be published to IPFS.
CREATE TABLE registrar_batches (
  root             text PRIMARY KEY CHECK (root ~ '^0x[0-9a-f]{64}$'),
  size             integer NOT NULL CHECK (size > 0),
  leaves_digest    text NOT NULL CHECK (leaves_digest ~ '^[0-9a-f]{64}$'),
  batch_file       text NOT NULL,
  tx_key           text NOT NULL REFERENCES tx_transactions (key),
  status           text NOT NULL CHECK (status IN ('sent', 'anchored', 'failed')),
  transaction_hash text,
  block_number     bigint,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
