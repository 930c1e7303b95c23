import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { sha256, stringToBytes, type Hex } from "viem";
import { recordValues, TRACK_RECORD_LEAF_TYPES, trackRecordLeaf, type TrackRecord } from "./track-record.js";

/** A Merkle batch of track records, ready to anchor: its root, each record's proof and the batch file. */
export interface RegistrationBatch {
  root: Hex;
  size: number;
  /** The batch file (canonical JSON listing the records): published as a raw IPFS block, its SHA-256 anchored on-chain. */
  file: string;
  /** SHA-256 of `file`: the `leavesDigest` argument of `anchorBatch`. */
  leavesDigest: Hex;
  /** Proof of each record, by content hash. */
  proofs: Map<Hex, Hex[]>;
}

/** The format tag of the batch file, so readers can tell versions apart. */
export const BATCH_FILE_FORMAT = "soundmark-batch-v1";

/**
 * Builds the Merkle batch of `records` with OpenZeppelin's StandardMerkleTree over the contract's leaf encoding
 * (`TRACK_RECORD_LEAF_TYPES`), so `TrackRegistry.promote` and `verifyInclusion` accept its proofs.
 */
export function buildRegistrationBatch(records: readonly TrackRecord[]): RegistrationBatch {
  if (records.length === 0) throw new RangeError("a batch needs at least one record");
  const tree = StandardMerkleTree.of(records.map((r) => recordValues(r)) as unknown[][], [...TRACK_RECORD_LEAF_TYPES]);
  const proofs = new Map<Hex, Hex[]>();
  for (const [i, record] of records.entries()) {
    const proof = tree.getProof(i) as Hex[];
    // The contract hashes leaves itself; a mismatch here would make every promotion revert, so fail loudly now.
    if (tree.leafHash(recordValues(record) as unknown[]) !== trackRecordLeaf(record)) {
      throw new Error("the Merkle library's leaf encoding differs from the contract's");
    }
    proofs.set(record.contentHash.toLowerCase() as Hex, proof);
  }
  const file = JSON.stringify({
    format: BATCH_FILE_FORMAT,
    root: tree.root,
    leafEncoding: TRACK_RECORD_LEAF_TYPES,
    records: records.map((r) => ({
      contentHash: r.contentHash.toLowerCase(),
      registrant: r.registrant.toLowerCase(),
      kind: r.kind,
      styleId: r.styleId,
      licenceId: r.licenceId.toString(),
      parents: r.parents.map((p) => p.toLowerCase()),
      manifestDigest: r.manifestDigest.toLowerCase(),
    })),
  });
  return { root: tree.root as Hex, size: records.length, file, leavesDigest: sha256(stringToBytes(file)), proofs };
}
