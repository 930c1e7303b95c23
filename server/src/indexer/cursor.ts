import type { Hex } from "viem";
import type { Sql } from "../store/index.js";

/** The last block the indexer processed completely, and its hash. */
export interface IndexerCursor {
  blockNumber: bigint;
  blockHash: Hex;
}

export async function readCursor(sql: Sql, id: string): Promise<IndexerCursor | null> {
  const [row] = await sql.query<{ block_number: string; block_hash: string }>(
    "SELECT block_number, block_hash FROM indexer_cursor WHERE id = $1",
    [id],
  );
  return row ? { blockNumber: BigInt(row.block_number), blockHash: row.block_hash as Hex } : null;
}

export async function writeCursor(sql: Sql, id: string, chainId: number, c: IndexerCursor): Promise<void> {
  await sql.query(
    `INSERT INTO indexer_cursor (id, chain_id, block_number, block_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET block_number = EXCLUDED.block_number, block_hash = EXCLUDED.block_hash, updated_at = now()`,
    [id, chainId, c.blockNumber.toString(), c.blockHash],
  );
}

export interface StoredBlock {
  number: bigint;
  hash: Hex;
  parentHash: Hex;
  timestamp: Date;
}

export async function storeBlocks(sql: Sql, id: string, blocks: Iterable<StoredBlock>): Promise<void> {
  for (const b of blocks) {
    await sql.query(
      `INSERT INTO indexer_blocks (indexer_id, block_number, block_hash, parent_hash, timestamp) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (indexer_id, block_number) DO UPDATE SET block_hash = EXCLUDED.block_hash, parent_hash = EXCLUDED.parent_hash,
         timestamp = EXCLUDED.timestamp`,
      [id, b.number.toString(), b.hash, b.parentHash, b.timestamp],
    );
  }
}

/** Stored block hashes, newest first: where a reorg's common ancestor is looked for. */
export async function readStoredBlocks(sql: Sql, id: string): Promise<{ number: bigint; hash: Hex }[]> {
  const rows = await sql.query<{ block_number: string; block_hash: string }>(
    "SELECT block_number, block_hash FROM indexer_blocks WHERE indexer_id = $1 ORDER BY block_number DESC",
    [id],
  );
  return rows.map((r) => ({ number: BigInt(r.block_number), hash: r.block_hash as Hex }));
}

/** Keeps the stored hashes of the last `window` blocks below `head` (and always the newest one). */
export async function pruneBlocks(sql: Sql, id: string, head: bigint, window: number): Promise<void> {
  await sql.query("DELETE FROM indexer_blocks WHERE indexer_id = $1 AND block_number < $2", [id, (head - BigInt(window)).toString()]);
}

export async function deleteBlocksAbove(sql: Sql, id: string, blockNumber: bigint): Promise<void> {
  await sql.query("DELETE FROM indexer_blocks WHERE indexer_id = $1 AND block_number > $2", [id, blockNumber.toString()]);
}
