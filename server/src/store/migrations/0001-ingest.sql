-- Off-chain record of every submitted track: one row per file sha256, filled stage by stage by the ingest
-- pipeline (server/src/pipeline). The read model (server/src/indexer) joins it to on-chain data by sha256.
CREATE TABLE ingest_tracks (
  sha256            text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes        bigint NOT NULL CHECK (size_bytes >= 0),
  original_name     text,
  submitted_by      text,
  -- generator claim as submitted: {modelHash, styleId, licenceId, seed, params, parents}
  generator         jsonb,
  kind              text NOT NULL CHECK (kind IN ('original', 'generated', 'derivative')),
  -- decode
  format            text,
  sample_rate       integer,
  channels          integer,
  duration_seconds  double precision,
  -- hashes
  pcm_sha256        text CHECK (pcm_sha256 ~ '^[0-9a-f]{64}$'),
  -- fingerprint: {chromaprint: {algorithm, version, fingerprint}, landmarks: {config, hashes}}
  fingerprint       jsonb,
  -- watermark: the best detection with a known key {scheme, keyId, payload, detected, falsePositiveProbability}, or null
  watermark         jsonb,
  watermark_checked boolean NOT NULL DEFAULT false,
  -- manifest: the canonical JSON text exactly as stored on IPFS (its sha256 is manifest_digest)
  manifest          text,
  manifest_digest   text CHECK (manifest_digest ~ '^[0-9a-f]{64}$'),
  manifest_cid      text,
  cid               text,
  -- register
  transaction_hash  text,
  block_number      bigint,
  registrant        text,
  registered_at     timestamptz,
  -- index
  indexed_at        timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX ingest_tracks_pcm_sha256 ON ingest_tracks (pcm_sha256);
CREATE INDEX ingest_tracks_cid ON ingest_tracks (cid);
CREATE INDEX ingest_tracks_manifest_cid ON ingest_tracks (manifest_cid);

-- The durable job of one track: the next stage to run, attempts and the last error. One job per sha256, so a
-- second submit of the same file finds it.
CREATE TABLE ingest_jobs (
  job_id          text PRIMARY KEY,
  sha256          text NOT NULL UNIQUE REFERENCES ingest_tracks (sha256),
  status          text NOT NULL CHECK (status IN ('queued', 'processing', 'registered', 'failed')),
  stage           text,
  progress        double precision NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  error           text,
  error_code      text,
  error_stage     text,
  -- the worker holding the job; a lease past its expiry (a dead process) may be taken over
  lease_owner      text,
  lease_expires_at timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX ingest_jobs_runnable ON ingest_jobs (status, next_attempt_at);
