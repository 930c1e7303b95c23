import type { Address, Hex } from "viem";
import type { Sql } from "../store/index.js";

export type RegistrationStatus = "queued" | "sent" | "registered" | "anchored" | "failed";
export type TrackKindName = "original" | "generated" | "derivative";

/** One row of `registrar_records`, with hashes 0x-prefixed as the chain code uses them. */
export interface RegistrationRow {
  contentHash: Hex;
  kind: TrackKindName;
  styleId: bigint;
  licenceId: bigint;
  parents: Hex[];
  manifestDigest: Hex;
  registrant: Address;
  status: RegistrationStatus;
  mode: "direct" | "batch" | "external" | null;
  txKey: string | null;
  transactionHash: Hex | null;
  blockNumber: bigint | null;
  alreadyRegistered: boolean;
  batchRoot: Hex | null;
  batchProof: Hex[] | null;
  errorCode: string | null;
  error: string | null;
}

interface Row {
  content_hash: string;
  kind: TrackKindName;
  style_id: string;
  licence_id: string;
  parents: string[];
  manifest_digest: string;
  registrant: string;
  status: RegistrationStatus;
  mode: RegistrationRow["mode"];
  tx_key: string | null;
  transaction_hash: string | null;
  block_number: string | null;
  already_registered: boolean;
  batch_root: string | null;
  batch_proof: string[] | null;
  error_code: string | null;
  error: string | null;
}

/** sha256 columns are stored without 0x (joinable with ingest_tracks.sha256). */
export const bare = (hash: string) => hash.toLowerCase().replace(/^0x/, "");
const prefixed = (hash: string) => `0x${hash}` as Hex;

function fromRow(r: Row): RegistrationRow {
  return {
    contentHash: prefixed(r.content_hash),
    kind: r.kind,
    styleId: BigInt(r.style_id),
    licenceId: BigInt(r.licence_id),
    parents: r.parents.map(prefixed),
    manifestDigest: prefixed(r.manifest_digest),
    registrant: r.registrant as Address,
    status: r.status,
    mode: r.mode,
    txKey: r.tx_key,
    transactionHash: r.transaction_hash as Hex | null,
    blockNumber: r.block_number === null ? null : BigInt(r.block_number),
    alreadyRegistered: r.already_registered,
    batchRoot: r.batch_root as Hex | null,
    batchProof: r.batch_proof as Hex[] | null,
    errorCode: r.error_code,
    error: r.error,
  };
}

export async function readRegistration(sql: Sql, contentHash: Hex): Promise<RegistrationRow | null> {
  const [row] = await sql.query<Row>("SELECT * FROM registrar_records WHERE content_hash = $1", [bare(contentHash)]);
  return row ? fromRow(row) : null;
}

export async function readQueued(sql: Sql): Promise<RegistrationRow[]> {
  const rows = await sql.query<Row>("SELECT * FROM registrar_records WHERE status = 'queued' ORDER BY created_at, content_hash");
  return rows.map(fromRow);
}

/** Inserts a new registration; false when the content hash already has a row. */
export async function insertRegistration(
  sql: Sql,
  r: Pick<RegistrationRow, "contentHash" | "kind" | "styleId" | "licenceId" | "parents" | "manifestDigest" | "registrant" | "status"> &
    Partial<Pick<RegistrationRow, "mode" | "transactionHash" | "blockNumber" | "alreadyRegistered">>,
): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO registrar_records (content_hash, kind, style_id, licence_id, parents, manifest_digest, registrant, status,
       mode, transaction_hash, block_number, already_registered)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (content_hash) DO NOTHING RETURNING content_hash`,
    [
      bare(r.contentHash), r.kind, r.styleId.toString(), r.licenceId.toString(), r.parents.map(bare), bare(r.manifestDigest),
      r.registrant.toLowerCase(), r.status, r.mode ?? null, r.transactionHash ?? null, r.blockNumber?.toString() ?? null,
      r.alreadyRegistered ?? false,
    ],
  );
  return rows.length === 1;
}

export async function markSent(sql: Sql, contentHash: Hex, s: { mode: "direct" | "batch"; txKey: string; batchRoot?: Hex; batchProof?: Hex[] }): Promise<void> {
  await sql.query(
    `UPDATE registrar_records SET status = 'sent', mode = $2, tx_key = $3, batch_root = $4, batch_proof = $5,
       error = NULL, error_code = NULL, updated_at = now()
     WHERE content_hash = $1`,
    [bare(contentHash), s.mode, s.txKey, s.batchRoot ?? null, s.batchProof ?? null],
  );
}

export async function markDone(
  sql: Sql,
  contentHash: Hex,
  d: { status: "registered" | "anchored"; transactionHash: Hex | null; blockNumber: bigint | null; mode?: "external"; alreadyRegistered?: boolean; promoteTxKey?: string; registrant?: Address },
): Promise<void> {
  await sql.query(
    `UPDATE registrar_records SET status = $2, transaction_hash = $3, block_number = $4,
       mode = COALESCE($5, mode), already_registered = already_registered OR $6,
       promote_tx_key = COALESCE($7, promote_tx_key), registrant = COALESCE($8, registrant),
       error = NULL, error_code = NULL, updated_at = now()
     WHERE content_hash = $1`,
    [
      bare(contentHash), d.status, d.transactionHash, d.blockNumber?.toString() ?? null, d.mode ?? null, d.alreadyRegistered ?? false,
      d.promoteTxKey ?? null, d.registrant?.toLowerCase() ?? null,
    ],
  );
}

export async function markFailed(sql: Sql, contentHash: Hex, code: string, message: string): Promise<void> {
  await sql.query(
    "UPDATE registrar_records SET status = 'failed', error_code = $2, error = $3, updated_at = now() WHERE content_hash = $1",
    [bare(contentHash), code, message],
  );
}

export async function deleteRegistration(sql: Sql, contentHash: Hex): Promise<void> {
  await sql.query("DELETE FROM registrar_records WHERE content_hash = $1", [bare(contentHash)]);
}

export async function insertBatch(
  sql: Sql,
  b: { root: Hex; size: number; leavesDigest: Hex; file: string; txKey: string },
): Promise<void> {
  await sql.query(
    `INSERT INTO registrar_batches (root, size, leaves_digest, batch_file, tx_key, status)
     VALUES ($1, $2, $3, $4, $5, 'sent') ON CONFLICT (root) DO NOTHING`,
    [b.root.toLowerCase(), b.size, bare(b.leavesDigest), b.file, b.txKey],
  );
}

export async function markBatch(sql: Sql, root: Hex, status: "anchored" | "failed", transactionHash: Hex | null, blockNumber: bigint | null): Promise<void> {
  await sql.query(
    "UPDATE registrar_batches SET status = $2, transaction_hash = $3, block_number = $4, updated_at = now() WHERE root = $1",
    [root.toLowerCase(), status, transactionHash, blockNumber?.toString() ?? null],
  );
}

/** The batch file of an anchored root (to publish it to IPFS or rebuild proofs). */
export async function readBatchFile(sql: Sql, root: Hex): Promise<string | null> {
  const [row] = await sql.query<{ batch_file: string }>("SELECT batch_file FROM registrar_batches WHERE root = $1", [root.toLowerCase()]);
  return row?.batch_file ?? null;
}
