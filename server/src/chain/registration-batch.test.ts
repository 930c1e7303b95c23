import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { describe, expect, it } from "vitest";
import { sha256, stringToBytes, type Hex } from "viem";
import { BATCH_FILE_FORMAT, buildRegistrationBatch } from "./registration-batch.js";
import { recordValues, TRACK_RECORD_LEAF_TYPES, TrackKind, type TrackRecord } from "./track-record.js";

const record = (i: number): TrackRecord => ({
  contentHash: sha256(stringToBytes(`audio ${i}`)),
  registrant: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
  kind: i % 2 ? TrackKind.Generated : TrackKind.Original,
  styleId: i % 2,
  licenceId: BigInt(i % 2),
  parents: i > 2 ? [sha256(stringToBytes("audio 0"))] : [],
  manifestDigest: sha256(stringToBytes(`manifest ${i}`)),
});

describe("registration batches", () => {
  it("gives every record a proof of inclusion under the root", () => {
    const records = Array.from({ length: 7 }, (_, i) => record(i));
    const batch = buildRegistrationBatch(records);
    expect(batch.size).toBe(7);
    for (const r of records) {
      const proof = batch.proofs.get(r.contentHash)!;
      expect(StandardMerkleTree.verify(batch.root, [...TRACK_RECORD_LEAF_TYPES], recordValues(r) as unknown[], proof)).toBe(true);
      // A proof does not carry over to another record.
      const other = { ...r, manifestDigest: sha256(stringToBytes("forged")) as Hex };
      expect(StandardMerkleTree.verify(batch.root, [...TRACK_RECORD_LEAF_TYPES], recordValues(other) as unknown[], proof)).toBe(false);
    }
  });

  it("writes a batch file whose SHA-256 is the leaves digest, listing every record", () => {
    const batch = buildRegistrationBatch([record(1), record(2)]);
    expect(sha256(stringToBytes(batch.file))).toBe(batch.leavesDigest);
    const parsed = JSON.parse(batch.file) as { format: string; root: string; records: { contentHash: string; licenceId: string }[] };
    expect(parsed.format).toBe(BATCH_FILE_FORMAT);
    expect(parsed.root).toBe(batch.root);
    expect(parsed.records.map((r) => r.contentHash)).toEqual([record(1).contentHash, record(2).contentHash]);
    expect(parsed.records[0]?.licenceId).toBe("1");
  });

  it("builds a one-record batch whose root is the leaf, and refuses an empty one", () => {
    const one = buildRegistrationBatch([record(0)]);
    expect(one.proofs.get(record(0).contentHash)).toEqual([]);
    expect(() => buildRegistrationBatch([])).toThrow(RangeError);
  });
});
