-- The chain indexer (server/src/indexer): every event of SoundmarkRegistry and TrackNFT, as append-only facts.
-- Every fact row carries the block it came from, so a reorg is undone with one DELETE ... WHERE block_number >= n
-- per table; current state (a style's metadata, a token's owner, a listing) is the latest fact, read through views.
-- sha256 values (content hashes, manifest digests, leaves digests) are lowercase hex without 0x; keccak values
-- (transaction and block hashes, Merkle roots) and addresses are lowercase 0x hex; wei and ids are numeric(78,0).

-- Where the indexer stands: the last block fully processed and its hash (to notice that it was replaced).
CREATE TABLE indexer_cursor (
  id           text PRIMARY KEY,
  chain_id     integer NOT NULL,
  block_number bigint NOT NULL,
  block_hash   text NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Hashes of recently processed blocks (those with events, and each range's last block): the window in which a
-- reorg is found and its common ancestor located.
CREATE TABLE indexer_blocks (
  indexer_id   text NOT NULL,
  block_number bigint NOT NULL,
  block_hash   text NOT NULL,
  parent_hash  text NOT NULL,
  timestamp    timestamptz NOT NULL,
  PRIMARY KEY (indexer_id, block_number)
);

-- Every decoded event, including those without a table of their own (roles, pauses, EIP-712 domain changes).
CREATE TABLE chain_events (
  block_number     bigint NOT NULL,
  block_hash       text NOT NULL,
  transaction_hash text NOT NULL,
  log_index        integer NOT NULL,
  contract         text NOT NULL CHECK (contract IN ('SoundmarkRegistry', 'TrackNFT')),
  address          text NOT NULL,
  event_name       text NOT NULL,
  args             jsonb NOT NULL,
  block_time       timestamptz NOT NULL,
  UNIQUE (transaction_hash, log_index)
);
CREATE INDEX chain_events_block ON chain_events (block_number);
CREATE INDEX chain_events_name ON chain_events (event_name, block_number);

-- StyleRegistered
CREATE TABLE chain_styles (
  style_id         numeric(78,0) PRIMARY KEY,
  artist           text NOT NULL,
  metadata_uri     text NOT NULL,
  block_number     bigint NOT NULL,
  transaction_hash text NOT NULL,
  log_index        integer NOT NULL,
  block_time       timestamptz NOT NULL,
  UNIQUE (transaction_hash, log_index)
);
CREATE INDEX chain_styles_artist ON chain_styles (artist);
CREATE INDEX chain_styles_block ON chain_styles (block_number);

-- StyleMetadataUpdated
CREATE TABLE chain_style_metadata (
  style_id         numeric(78,0) NOT NULL,
  metadata_uri     text NOT NULL,
  block_number     bigint NOT NULL,
  transaction_hash text NOT NULL,
  log_index        integer NOT NULL,
  block_time       timestamptz NOT NULL,
  UNIQUE (transaction_hash, log_index)
);
CREATE INDEX chain_style_metadata_style ON chain_style_metadata (style_id, block_number, log_index);
CREATE INDEX chain_style_metadata_block ON chain_style_metadata (block_number);

-- Terms versions: version 1 from StyleRegistered, later ones from StyleTermsUpdated.
CREATE TABLE chain_style_terms (
  style_id         numeric(78,0) NOT NULL,
  terms_version    integer NOT NULL,
  fee              numeric(78,0) NOT NULL,
  royalty_bps      integer NOT NULL,
  duration         bigint NOT NULL,
  max_tracks       integer NOT NULL,
  commercial       boolean NOT NULL,
  derivatives      boolean NOT NULL,
  purchasable      boolean NOT NULL,
  block_number     bigint NOT NULL,
  transaction_hash text NOT NULL,
  log_index        integer NOT NULL,
  block_time       timestamptz NOT NULL,
  UNIQUE (transaction_hash, log_index),
  UNIQUE (style_id, terms_version)
);
CREATE INDEX chain_style_terms_block ON chain_style_terms (block_number);

-- LicenceIssued
CREATE TABLE chain_licences (
  licence_id       numeric(78,0) PRIMARY KEY,
  style_id         numeric(78,0) NOT NULL,
  licensee         text NOT NULL,
  -- Unix seconds; 4294967295 = never (the contract's sentinel)
  expires_at       bigint NOT NULL,
  -- 0 = no cap
  max_tracks       integer NOT NULL,
  royalty_bps      integer NOT NULL,
  commercial       boolean NOT NULL,
  derivatives      boolean NOT NULL,
  by_signature     boolean NOT NULL,
  fee_paid         numeric(78,0) NOT NULL,
  block_number     bigint NOT NULL,
  transaction_hash text NOT NULL,
  log_index        integer NOT NULL,
  block_time       timestamptz NOT NULL,
  UNIQUE (transaction_hash, log_index)
);
CREATE INDEX chain_licences_style ON chain_licences (style_id);
CREATE INDEX chain_licences_licensee ON chain_licences (licensee);
CREATE INDEX chain_licences_block ON chain_licences (block_number);

-- LicenceRevoked
CREATE TABLE chain_licence_revocations (
  licence_id       numeric(78,0) NOT NULL,
  style_id         numeric(78,0) NOT NULL,
  revoked_at       bigint NOT NULL,
  block_number     bigint NOT NULL,
  transaction_hash text NOT NULL,
  log_index        integer NOT NULL,
  block_time       timestamptz NOT NULL,
  UNIQUE (transaction_hash, log_index)
);
CREATE INDEX chain_licence_revocations_licence ON chain_licence_revocations (licence_id);
CREATE INDEX chain_licence_revocations_block ON chain_licence_revocations (block_number);

-- NonceCancelled
CREATE TABLE chain_nonce_cancellations (
  artist           text NOT NULL,
  nonce            numeric(78,0) NOT NULL,
  block_number     bigint NOT NULL,
  transaction_hash text NOT NULL,
  log_index        integer NOT NULL,
  block_time       timestamptz NOT NULL,
  UNIQUE (transaction_hash, log_index)
);
CREATE INDEX chain_nonce_cancellations_block ON chain_nonce_cancellations (block_number);

-- TrackRegistered (direct, or promoted from a batch)
CREATE TABLE chain_tracks (
  content_hash     text PRIMARY KEY CHECK (content_hash ~ '^[0-9a-f]{64}$'),
  -- uint256(contentHash): the TrackNFT token id, as a decimal
  token_id         numeric(78,0) NOT NULL UNIQUE,
  registrant       text NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('original', 'generated', 'derivative')),
  style_id         numeric(78,0) NOT NULL,
  licence_id       numeric(78,0) NOT NULL,
  manifest_digest  text NOT NULL CHECK (manifest_digest ~ '^[0-9a-f]{64}$'),
  -- the raw CIDv1 of manifest_digest (bafkrei...), so a lookup by CID is an index scan
  manifest_cid     text NOT NULL,
  parent_count     integer NOT NULL,
  block_number     bigint NOT NULL,
  transaction_hash text NOT NULL,
  log_index        integer NOT NULL,
  block_time       timestamptz NOT NULL,
  UNIQUE (transaction_hash, log_index)
);
CREATE INDEX chain_tracks_registrant ON chain_tracks (registrant, block_number, log_index);
CREATE INDEX chain_tracks_style ON chain_tracks (style_id, block_number, log_index);
CREATE INDEX chain_tracks_licence ON chain_tracks (licence_id);
CREATE INDEX chain_tracks_manifest_cid ON chain_tracks (manifest_cid);
CREATE INDEX chain_tracks_order ON chain_tracks (block_number, log_index);

-- The parents of each registered track, in the order of the record (derivative relations).
CREATE TABLE chain_track_parents (
  content_hash     text NOT NULL,
  parent_hash      text NOT NULL,
  position         integer NOT NULL,
  block_number     bigint NOT NULL,
  transaction_hash text NOT NULL,
  log_index        integer NOT NULL,
  PRIMARY KEY (content_hash, position),
  UNIQUE (transaction_hash, log_index, position)
);
CREATE INDEX chain_track_parents_parent ON chain_track_parents (parent_hash);
CREATE INDEX chain_track_parents_block ON chain_track_parents (block_number);

-- BatchAnchored
CREATE TABLE chain_batches (
  root             text NOT NULL,
  anchorer         text NOT NULL,
  size             integer NOT NULL,
  leaves_digest    text NOT NULL,
  block_number     bigint NOT NULL,
  transaction_hash text NOT NULL,
  log_index        integer NOT NULL,
  block_time       timestamptz NOT NULL,
  PRIMARY KEY (anchorer, root),
  UNIQUE (transaction_hash, log_index)
);
CREATE INDEX chain_batches_root ON chain_batches (root);
CREATE INDEX chain_batches_block ON chain_batches (block_number);

-- TrackPromoted: the record registered just before came from batch `root`.
CREATE TABLE chain_track_promotions (
  content_hash     text NOT NULL,
  root             text NOT NULL,
  block_number     bigint NOT NULL,
  transaction_hash text NOT NULL,
  log_index        integer NOT NULL,
  block_time       timestamptz NOT NULL,
  UNIQUE (transaction_hash, log_index)
);
CREATE INDEX chain_track_promotions_content ON chain_track_promotions (content_hash);
CREATE INDEX chain_track_promotions_block ON chain_track_promotions (block_number);

-- TrackListed (action 'listed') and TrackDelisted (action 'delisted'); the current offer is the latest row.
CREATE TABLE chain_listings (
  token_id         numeric(78,0) NOT NULL,
  action           text NOT NULL CHECK (action IN ('listed', 'delisted')),
  registrant       text,
  price            numeric(78,0),
  artist           text,
  royalty_bps      integer,
  block_number     bigint NOT NULL,
  transaction_hash text NOT NULL,
  log_index        integer NOT NULL,
  block_time       timestamptz NOT NULL,
  UNIQUE (transaction_hash, log_index)
);
CREATE INDEX chain_listings_token ON chain_listings (token_id, block_number, log_index);
CREATE INDEX chain_listings_block ON chain_listings (block_number);

-- TrackSold
CREATE TABLE chain_sales (
  token_id         numeric(78,0) NOT NULL,
  buyer            text NOT NULL,
  price            numeric(78,0) NOT NULL,
  block_number     bigint NOT NULL,
  transaction_hash text NOT NULL,
  log_index        integer NOT NULL,
  block_time       timestamptz NOT NULL,
  UNIQUE (transaction_hash, log_index)
);
CREATE INDEX chain_sales_token ON chain_sales (token_id);
CREATE INDEX chain_sales_block ON chain_sales (block_number);

-- SaleSettled
CREATE TABLE chain_settlements (
  token_id         numeric(78,0) NOT NULL,
  artist           text NOT NULL,
  artist_share     numeric(78,0) NOT NULL,
  registrant       text NOT NULL,
  registrant_share numeric(78,0) NOT NULL,
  block_number     bigint NOT NULL,
  transaction_hash text NOT NULL,
  log_index        integer NOT NULL,
  block_time       timestamptz NOT NULL,
  UNIQUE (transaction_hash, log_index)
);
CREATE INDEX chain_settlements_token ON chain_settlements (token_id);
CREATE INDEX chain_settlements_block ON chain_settlements (block_number);

-- ERC-721 Transfer (mints have from = 0x0); a token's owner is the `to` of its latest transfer.
CREATE TABLE chain_token_transfers (
  token_id         numeric(78,0) NOT NULL,
  from_address     text NOT NULL,
  to_address       text NOT NULL,
  block_number     bigint NOT NULL,
  transaction_hash text NOT NULL,
  log_index        integer NOT NULL,
  block_time       timestamptz NOT NULL,
  UNIQUE (transaction_hash, log_index)
);
CREATE INDEX chain_token_transfers_token ON chain_token_transfers (token_id, block_number, log_index);
CREATE INDEX chain_token_transfers_to ON chain_token_transfers (to_address);
CREATE INDEX chain_token_transfers_block ON chain_token_transfers (block_number);

-- PaymentCredited, on either contract
CREATE TABLE chain_payment_credits (
  contract         text NOT NULL CHECK (contract IN ('SoundmarkRegistry', 'TrackNFT')),
  payee            text NOT NULL,
  amount           numeric(78,0) NOT NULL,
  block_number     bigint NOT NULL,
  transaction_hash text NOT NULL,
  log_index        integer NOT NULL,
  block_time       timestamptz NOT NULL,
  UNIQUE (transaction_hash, log_index)
);
CREATE INDEX chain_payment_credits_payee ON chain_payment_credits (payee);
CREATE INDEX chain_payment_credits_block ON chain_payment_credits (block_number);

-- PaymentWithdrawn, on either contract
CREATE TABLE chain_withdrawals (
  contract         text NOT NULL CHECK (contract IN ('SoundmarkRegistry', 'TrackNFT')),
  payee            text NOT NULL,
  recipient        text NOT NULL,
  amount           numeric(78,0) NOT NULL,
  block_number     bigint NOT NULL,
  transaction_hash text NOT NULL,
  log_index        integer NOT NULL,
  block_time       timestamptz NOT NULL,
  UNIQUE (transaction_hash, log_index)
);
CREATE INDEX chain_withdrawals_payee ON chain_withdrawals (payee);
CREATE INDEX chain_withdrawals_block ON chain_withdrawals (block_number);

-- Current state, derived from the facts above.
CREATE VIEW chain_style_current AS
SELECT s.style_id, s.artist,
       COALESCE(m.metadata_uri, s.metadata_uri) AS metadata_uri,
       t.terms_version, t.fee, t.royalty_bps, t.duration, t.max_tracks, t.commercial, t.derivatives, t.purchasable,
       s.block_number, s.transaction_hash, s.log_index, s.block_time
FROM chain_styles s
LEFT JOIN LATERAL (
  SELECT metadata_uri FROM chain_style_metadata x WHERE x.style_id = s.style_id
  ORDER BY x.block_number DESC, x.log_index DESC LIMIT 1
) m ON true
JOIN LATERAL (
  SELECT * FROM chain_style_terms y WHERE y.style_id = s.style_id ORDER BY y.terms_version DESC LIMIT 1
) t ON true;

CREATE VIEW chain_token_owners AS
SELECT DISTINCT ON (token_id) token_id, to_address AS owner, block_number, transaction_hash, log_index
FROM chain_token_transfers
ORDER BY token_id, block_number DESC, log_index DESC;

CREATE VIEW chain_listing_current AS
SELECT DISTINCT ON (token_id) token_id, action, registrant, price, artist, royalty_bps, block_number, transaction_hash, log_index
FROM chain_listings
ORDER BY token_id, block_number DESC, log_index DESC;
