import type { Address, Hex } from "viem";
import type { Sql } from "../store/index.js";

export type TxStatus = "sending" | "pending" | "mined" | "confirmed" | "reverted" | "dropped";

/** One logical transaction of the server's signer, as persisted in `tx_transactions`. */
export interface TxRecord {
  key: string;
  purpose: string;
  chainId: number;
  from: Address;
  to: Address;
  data: Hex;
  value: bigint;
  nonce: number;
  gas: bigint;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
  /** Every hash broadcast for this nonce, oldest first. */
  hashes: Hex[];
  status: TxStatus;
  /** The hash that was mined (one of `hashes`). */
  minedHash: Hex | null;
  blockNumber: bigint | null;
  blockHash: Hex | null;
  gasUsed: bigint | null;
  error: string | null;
  lastBroadcastAt: Date;
}

interface TxRow {
  key: string;
  purpose: string;
  chain_id: number;
  from_address: string;
  to_address: string;
  data: string;
  value: string;
  nonce: string;
  gas: string;
  max_fee_per_gas: string;
  max_priority_fee_per_gas: string;
  hashes: string[];
  status: TxStatus;
  mined_hash: string | null;
  block_number: string | null;
  block_hash: string | null;
  gas_used: string | null;
  error: string | null;
  last_broadcast_at: Date;
}

function fromRow(r: TxRow): TxRecord {
  return {
    key: r.key,
    purpose: r.purpose,
    chainId: Number(r.chain_id),
    from: r.from_address as Address,
    to: r.to_address as Address,
    data: r.data as Hex,
    value: BigInt(r.value),
    nonce: Number(r.nonce),
    gas: BigInt(r.gas),
    maxFeePerGas: BigInt(r.max_fee_per_gas),
    maxPriorityFeePerGas: BigInt(r.max_priority_fee_per_gas),
    hashes: r.hashes as Hex[],
    status: r.status,
    minedHash: r.mined_hash as Hex | null,
    blockNumber: r.block_number === null ? null : BigInt(r.block_number),
    blockHash: r.block_hash as Hex | null,
    gasUsed: r.gas_used === null ? null : BigInt(r.gas_used),
    error: r.error,
    lastBroadcastAt: new Date(r.last_broadcast_at),
  };
}

/** The transaction recorded under `key`, or null. */
export async function readTx(sql: Sql, key: string): Promise<TxRecord | null> {
  const [row] = await sql.query<TxRow>("SELECT * FROM tx_transactions WHERE key = $1", [key]);
  return row ? fromRow(row) : null;
}

/** Transactions of `from` on `chainId` that are not final yet, by nonce. */
export async function readOpenTxs(sql: Sql, chainId: number, from: Address): Promise<TxRecord[]> {
  const rows = await sql.query<TxRow>(
    `SELECT * FROM tx_transactions WHERE chain_id = $1 AND from_address = $2 AND status IN ('sending', 'pending', 'mined')
     ORDER BY nonce`,
    [chainId, from.toLowerCase()],
  );
  return rows.map(fromRow);
}

/** The highest nonce recorded for `from` on `chainId`, or -1. */
export async function readHighestNonce(sql: Sql, chainId: number, from: Address): Promise<number> {
  const [row] = await sql.query<{ n: string | null }>(
    "SELECT max(nonce) AS n FROM tx_transactions WHERE chain_id = $1 AND from_address = $2 AND status <> 'dropped'",
    [chainId, from.toLowerCase()],
  );
  return row?.n == null ? -1 : Number(row.n);
}

/** Records a new transaction; false when the key is already taken (nothing written). */
export async function insertTx(sql: Sql, t: Omit<TxRecord, "minedHash" | "blockNumber" | "blockHash" | "gasUsed" | "error" | "lastBroadcastAt">): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO tx_transactions (key, purpose, chain_id, from_address, to_address, data, value, nonce, gas,
       max_fee_per_gas, max_priority_fee_per_gas, hashes, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (key) DO NOTHING RETURNING key`,
    [
      t.key, t.purpose, t.chainId, t.from.toLowerCase(), t.to.toLowerCase(), t.data.toLowerCase(), t.value.toString(),
      t.nonce, t.gas.toString(), t.maxFeePerGas.toString(), t.maxPriorityFeePerGas.toString(), t.hashes, t.status,
    ],
  );
  return rows.length === 1;
}

/** A new broadcast of the same intent: new fees (and, after a nonce error, a new nonce), its hash appended. */
export async function recordBroadcast(
  sql: Sql,
  key: string,
  b: { hash: Hex | null; nonce: number; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint; replaceHashes?: boolean },
): Promise<void> {
  await sql.query(
    `UPDATE tx_transactions SET
       hashes = CASE WHEN $2::text IS NULL THEN hashes WHEN $6 THEN ARRAY[$2::text] ELSE array_append(hashes, $2::text) END,
       nonce = $3, max_fee_per_gas = $4, max_priority_fee_per_gas = $5,
       status = CASE WHEN $2::text IS NULL THEN status ELSE 'pending' END,
       last_broadcast_at = now(), updated_at = now()
     WHERE key = $1`,
    [key, b.hash, b.nonce, b.maxFeePerGas.toString(), b.maxPriorityFeePerGas.toString(), b.replaceHashes ?? false],
  );
}

/** Moves the transaction to `status`, with what is known of where it was mined. */
export async function recordStatus(
  sql: Sql,
  key: string,
  status: TxStatus,
  m: { minedHash?: Hex | null; blockNumber?: bigint | null; blockHash?: Hex | null; gasUsed?: bigint | null; effectiveGasPrice?: bigint | null; error?: string | null } = {},
): Promise<void> {
  await sql.query(
    `UPDATE tx_transactions SET status = $2, mined_hash = $3, block_number = $4, block_hash = $5, gas_used = $6,
       effective_gas_price = $7, error = $8, updated_at = now()
     WHERE key = $1`,
    [
      key, status, m.minedHash ?? null, m.blockNumber?.toString() ?? null, m.blockHash ?? null,
      m.gasUsed?.toString() ?? null, m.effectiveGasPrice?.toString() ?? null, m.error ?? null,
    ],
  );
}

/** Forgets a transaction the node refused outright (its nonce was never used). */
export async function deleteTx(sql: Sql, key: string): Promise<void> {
  await sql.query("DELETE FROM tx_transactions WHERE key = $1", [key]);
}
