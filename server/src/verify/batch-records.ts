import { getAddress, isAddress, isHex, type Hex } from "viem";
import { BATCH_FILE_FORMAT, buildRegistrationBatch } from "../chain/registration-batch.js";
import { TrackKind, type TrackRecord } from "../chain/track-record.js";
import { rawCidFromDigest } from "../ipfs/raw-cid.js";
import { readVerified, type GetBlock } from "../ipfs/read-verified.js";
import { VerifyIntegrityError } from "./errors.js";
import type { AnchoredBatch } from "./registry-reader.js";

/** A batch file is one raw block (the registrar publishes files under 256 KiB that way). */
const MAX_BATCH_FILE_BYTES = 1_048_576;

/** A record anchored in a Merkle batch, with the proof rebuilt from the published batch file. */
export interface BatchedRecord {
  record: TrackRecord;
  batch: AnchoredBatch;
  proof: Hex[];
}

/**
 * Fetches the batch file the chain commits to (its SHA-256 is the event's `leavesDigest`, so its CID is derived from
 * the chain, not taken from anyone), rebuilds the Merkle tree with the registrar's own code and requires the anchored
 * root, size and file bytes back. Every record must name the anchorer as registrant: the registry's `promote` refuses
 * any other.
 *
 * @throws VerifyIntegrityError when the file does not rebuild the anchored batch; IPFS errors when it cannot be fetched.
 */
export async function readBatchRecords(batch: AnchoredBatch, getBlock: GetBlock): Promise<BatchedRecord[]> {
  const cid = rawCidFromDigest(batch.leavesDigest);
  const bytes = await readVerified(cid, getBlock, { maxBytes: MAX_BATCH_FILE_BYTES });
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  const refuse = (why: string) =>
    new VerifyIntegrityError(`the batch file ${cid.toString()} of root ${batch.root} ${why}`, { details: `anchored in ${batch.transactionHash}` });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw refuse("is not JSON");
  }
  const records = parseRecords(parsed, refuse);
  if (records.length !== batch.size) throw refuse(`lists ${records.length} records, the chain says ${batch.size}`);
  const rebuilt = buildRegistrationBatch(records);
  if (rebuilt.root.toLowerCase() !== batch.root) throw refuse(`rebuilds the root ${rebuilt.root}`);
  if (rebuilt.file !== text) throw refuse("is not in the registrar's canonical form");
  for (const r of records) {
    if (r.registrant !== batch.anchorer) throw refuse(`names registrant ${r.registrant}, not the anchorer ${batch.anchorer}`);
  }
  return records.map((record) => ({ record, batch, proof: rebuilt.proofs.get(record.contentHash)! }));
}

function parseRecords(value: unknown, refuse: (why: string) => Error): TrackRecord[] {
  if (!value || typeof value !== "object") throw refuse("is not an object");
  const v = value as { format?: unknown; records?: unknown };
  if (v.format !== BATCH_FILE_FORMAT) throw refuse(`has format ${JSON.stringify(v.format)?.slice(0, 40)}, not ${BATCH_FILE_FORMAT}`);
  if (!Array.isArray(v.records) || v.records.length === 0) throw refuse("lists no records");
  const kinds = new Set<number>(Object.values(TrackKind));
  return v.records.map((r: unknown, i): TrackRecord => {
    const o = (r ?? {}) as Record<string, unknown>;
    const hash = (x: unknown) => typeof x === "string" && isHex(x, { strict: true }) && x.length === 66;
    if (!hash(o.contentHash) || !hash(o.manifestDigest)) throw refuse(`has a malformed hash in record ${i}`);
    if (typeof o.registrant !== "string" || !isAddress(o.registrant, { strict: false })) throw refuse(`has a malformed registrant in record ${i}`);
    if (typeof o.kind !== "number" || !kinds.has(o.kind)) throw refuse(`has a bad kind in record ${i}`);
    if (!Number.isInteger(o.styleId) || (o.styleId as number) < 0 || (o.styleId as number) > 2 ** 32 - 1) throw refuse(`has a bad styleId in record ${i}`);
    if (typeof o.licenceId !== "string" || !/^\d{1,20}$/.test(o.licenceId) || BigInt(o.licenceId) >= 2n ** 64n) throw refuse(`has a bad licenceId in record ${i}`);
    if (!Array.isArray(o.parents) || o.parents.length > 16 || !o.parents.every(hash)) throw refuse(`has bad parents in record ${i}`);
    return {
      contentHash: (o.contentHash as string).toLowerCase() as Hex,
      registrant: getAddress(o.registrant),
      kind: o.kind as TrackRecord["kind"],
      styleId: o.styleId as number,
      licenceId: BigInt(o.licenceId),
      parents: (o.parents as string[]).map((p) => p.toLowerCase() as Hex),
      manifestDigest: (o.manifestDigest as string).toLowerCase() as Hex,
    };
  });
}
