import { encodeAbiParameters, keccak256, encodePacked, type Address, type Hex } from "viem";

/** What a registered track is; mirrors `contracts/types/TrackKind.sol`. */
export const TrackKind = { Original: 0, Generated: 1, Derivative: 2 } as const;
export type TrackKind = (typeof TrackKind)[keyof typeof TrackKind];

/** A track's provenance record; mirrors `contracts/types/TrackRecord.sol`. */
export interface TrackRecord {
  contentHash: Hex;
  registrant: Address;
  kind: TrackKind;
  styleId: number;
  licenceId: bigint;
  parents: readonly Hex[];
  manifestDigest: Hex;
}

/** The Solidity field types of a record, in order: the leaf encoding of `StandardMerkleTree`. */
export const TRACK_RECORD_LEAF_TYPES = ["bytes32", "address", "uint8", "uint32", "uint64", "bytes32[]", "bytes32"] as const;

/** The record as the tuple `StandardMerkleTree` takes. */
export function recordValues(r: TrackRecord): [Hex, Address, number, number, bigint, readonly Hex[], Hex] {
  return [r.contentHash, r.registrant, r.kind, r.styleId, r.licenceId, r.parents, r.manifestDigest];
}

/** keccak256 of the ABI-encoded fields: what `TrackRegistry.recordHashOf` stores for a registered track. */
export function hashTrackRecord(r: TrackRecord): Hex {
  return keccak256(
    encodeAbiParameters(
      TRACK_RECORD_LEAF_TYPES.map((type) => ({ type })),
      recordValues(r),
    ),
  );
}

/** The record's leaf in a batch's Merkle tree (double hashed, as OpenZeppelin's StandardMerkleTree does). */
export function trackRecordLeaf(r: TrackRecord): Hex {
  return keccak256(encodePacked(["bytes32"], [hashTrackRecord(r)]));
}
