import type { Hex } from "viem";
import { rawCidFromDigest } from "../ipfs/raw-cid.js";
import type { Sql } from "../store/index.js";
import type { LicenceTerms } from "../chain/licence-terms.js";

/** A decoded event of one of the two contracts, with where it happened. */
export interface IndexedEvent {
  contract: "SoundmarkRegistry" | "TrackNFT";
  address: Hex;
  eventName: string;
  args: Record<string, unknown>;
  blockNumber: bigint;
  blockHash: Hex;
  blockTime: Date;
  transactionHash: Hex;
  logIndex: number;
}

const KIND_NAMES = ["original", "generated", "derivative"] as const;
const bare = (hash: unknown) => String(hash).toLowerCase().replace(/^0x/, "");
const lower = (address: unknown) => String(address).toLowerCase();
const dec = (value: unknown) => (typeof value === "bigint" ? value.toString() : String(value));

/** JSON with bigints as decimal strings (JSON has no bigint). */
export function argsJson(args: Record<string, unknown>): string {
  return JSON.stringify(args, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
}

type Terms = LicenceTerms;

/**
 * Writes one event: always into `chain_events`, and into its fact table when it has one. Every insert is
 * `ON CONFLICT DO NOTHING` on (transaction hash, log index), so processing a range twice changes nothing.
 */
export async function storeEvent(sql: Sql, e: IndexedEvent): Promise<void> {
  const at = [e.blockNumber.toString(), e.transactionHash, e.logIndex, e.blockTime] as const;
  await sql.query(
    `INSERT INTO chain_events (block_number, block_hash, transaction_hash, log_index, contract, address, event_name, args, block_time)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9) ON CONFLICT (transaction_hash, log_index) DO NOTHING`,
    [e.blockNumber.toString(), e.blockHash, e.transactionHash, e.logIndex, e.contract, lower(e.address), e.eventName, argsJson(e.args), e.blockTime],
  );
  const a = e.args;
  switch (e.eventName) {
    case "StyleRegistered": {
      const t = a.terms as Terms;
      await sql.query(
        `INSERT INTO chain_styles (style_id, artist, metadata_uri, block_number, transaction_hash, log_index, block_time)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [dec(a.styleId), lower(a.artist), String(a.metadataURI), ...at],
      );
      await insertTerms(sql, dec(a.styleId), 1, t, at);
      return;
    }
    case "StyleTermsUpdated":
      return insertTerms(sql, dec(a.styleId), Number(a.termsVersion), a.terms as Terms, at);
    case "StyleMetadataUpdated":
      await sql.query(
        `INSERT INTO chain_style_metadata (style_id, metadata_uri, block_number, transaction_hash, log_index, block_time)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [dec(a.styleId), String(a.metadataURI), ...at],
      );
      return;
    case "LicenceIssued":
      await sql.query(
        `INSERT INTO chain_licences (licence_id, style_id, licensee, expires_at, max_tracks, royalty_bps, commercial, derivatives,
           by_signature, fee_paid, block_number, transaction_hash, log_index, block_time)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT DO NOTHING`,
        [
          dec(a.licenceId), dec(a.styleId), lower(a.licensee), dec(a.expiresAt), Number(a.maxTracks), Number(a.royaltyBps),
          Boolean(a.commercial), Boolean(a.derivatives), Boolean(a.bySignature), dec(a.feePaid), ...at,
        ],
      );
      return;
    case "LicenceRevoked":
      await sql.query(
        `INSERT INTO chain_licence_revocations (licence_id, style_id, revoked_at, block_number, transaction_hash, log_index, block_time)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [dec(a.licenceId), dec(a.styleId), dec(a.revokedAt), ...at],
      );
      return;
    case "NonceCancelled":
      await sql.query(
        `INSERT INTO chain_nonce_cancellations (artist, nonce, block_number, transaction_hash, log_index, block_time)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [lower(a.artist), dec(a.nonce), ...at],
      );
      return;
    case "TrackRegistered": {
      const contentHash = String(a.contentHash) as Hex;
      const parents = (a.parents as readonly Hex[]) ?? [];
      await sql.query(
        `INSERT INTO chain_tracks (content_hash, token_id, registrant, kind, style_id, licence_id, manifest_digest, manifest_cid,
           parent_count, block_number, transaction_hash, log_index, block_time)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING`,
        [
          bare(contentHash), BigInt(contentHash).toString(), lower(a.registrant), KIND_NAMES[Number(a.kind)] ?? "original",
          dec(a.styleId), dec(a.licenceId), bare(a.manifestDigest), rawCidFromDigest(String(a.manifestDigest) as Hex).toString(),
          parents.length, ...at,
        ],
      );
      for (const [position, parent] of parents.entries()) {
        await sql.query(
          `INSERT INTO chain_track_parents (content_hash, parent_hash, position, block_number, transaction_hash, log_index)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [bare(contentHash), bare(parent), position, at[0], at[1], at[2]],
        );
      }
      return;
    }
    case "TrackPromoted":
      await sql.query(
        `INSERT INTO chain_track_promotions (content_hash, root, block_number, transaction_hash, log_index, block_time)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [bare(a.contentHash), lower(a.root), ...at],
      );
      return;
    case "BatchAnchored":
      await sql.query(
        `INSERT INTO chain_batches (root, anchorer, size, leaves_digest, block_number, transaction_hash, log_index, block_time)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
        [lower(a.root), lower(a.anchorer), Number(a.size), bare(a.leavesDigest), ...at],
      );
      return;
    case "PaymentCredited":
      await sql.query(
        `INSERT INTO chain_payment_credits (contract, payee, amount, block_number, transaction_hash, log_index, block_time)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [e.contract, lower(a.payee), dec(a.amount), ...at],
      );
      return;
    case "PaymentWithdrawn":
      await sql.query(
        `INSERT INTO chain_withdrawals (contract, payee, recipient, amount, block_number, transaction_hash, log_index, block_time)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
        [e.contract, lower(a.payee), lower(a.recipient), dec(a.amount), ...at],
      );
      return;
    case "TrackListed":
      await sql.query(
        `INSERT INTO chain_listings (token_id, action, registrant, price, artist, royalty_bps, block_number, transaction_hash, log_index, block_time)
         VALUES ($1, 'listed', $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
        [dec(a.tokenId), lower(a.registrant), dec(a.price), lower(a.artist), Number(a.royaltyBps), ...at],
      );
      return;
    case "TrackDelisted":
      await sql.query(
        `INSERT INTO chain_listings (token_id, action, block_number, transaction_hash, log_index, block_time)
         VALUES ($1, 'delisted', $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [dec(a.tokenId), ...at],
      );
      return;
    case "TrackSold":
      await sql.query(
        `INSERT INTO chain_sales (token_id, buyer, price, block_number, transaction_hash, log_index, block_time)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [dec(a.tokenId), lower(a.to), dec(a.price), ...at],
      );
      return;
    case "SaleSettled":
      await sql.query(
        `INSERT INTO chain_settlements (token_id, artist, artist_share, registrant, registrant_share, block_number, transaction_hash, log_index, block_time)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
        [dec(a.tokenId), lower(a.artist), dec(a.artistShare), lower(a.registrant), dec(a.registrantShare), ...at],
      );
      return;
    case "Transfer":
      if (e.contract !== "TrackNFT") return;
      await sql.query(
        `INSERT INTO chain_token_transfers (token_id, from_address, to_address, block_number, transaction_hash, log_index, block_time)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [dec(a.tokenId), lower(a.from), lower(a.to), ...at],
      );
      return;
    default:
      // Roles, pauses, approvals, EIP-712 domain changes: kept in chain_events only.
      return;
  }
}

async function insertTerms(sql: Sql, styleId: string, version: number, t: Terms, at: readonly [string, Hex, number, Date]): Promise<void> {
  await sql.query(
    `INSERT INTO chain_style_terms (style_id, terms_version, fee, royalty_bps, duration, max_tracks, commercial, derivatives,
       purchasable, block_number, transaction_hash, log_index, block_time)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING`,
    [styleId, version, dec(t.fee), Number(t.royaltyBps), Number(t.duration), Number(t.maxTracks), t.commercial, t.derivatives, t.purchasable, ...at],
  );
}

/** Every table whose rows come from blocks: what a reorg rolls back. */
export const FACT_TABLES = [
  "chain_events",
  "chain_styles",
  "chain_style_metadata",
  "chain_style_terms",
  "chain_licences",
  "chain_licence_revocations",
  "chain_nonce_cancellations",
  "chain_tracks",
  "chain_track_parents",
  "chain_batches",
  "chain_track_promotions",
  "chain_listings",
  "chain_sales",
  "chain_settlements",
  "chain_token_transfers",
  "chain_payment_credits",
  "chain_withdrawals",
] as const;

/** Deletes every fact from block `fromBlock` on (a reorg replaced those blocks). */
export async function rollbackFrom(sql: Sql, fromBlock: bigint): Promise<void> {
  for (const table of FACT_TABLES) {
    // Table names are the constants above, never input.
    await sql.query(`DELETE FROM ${table} WHERE block_number >= $1`, [fromBlock.toString()]);
  }
}
