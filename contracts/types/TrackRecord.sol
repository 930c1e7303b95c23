// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TrackKind} from "./TrackKind.sol";

/// @notice A track's provenance record. Only its hash is stored on-chain (one slot per track); the fields travel in
/// the `TrackRegistered` event and in the manifest, and anyone can check them against the stored hash.
struct TrackRecord {
    /// SHA-256 of the audio file's bytes: the track's key.
    bytes32 contentHash;
    address registrant;
    TrackKind kind;
    /// 0 when the track has no style.
    uint32 styleId;
    /// 0 when no licence was used.
    uint64 licenceId;
    /// Content hashes of the registered tracks this one derives from.
    bytes32[] parents;
    /// SHA-256 of the manifest bytes; the manifest's IPFS CID is the CIDv1 (raw, sha2-256) of this digest.
    bytes32 manifestDigest;
}

/// @notice Hashing of `TrackRecord`, shared by the contracts and mirrored by the TypeScript side.
library TrackRecordHash {
    /// @notice keccak256 of the ABI encoding of the fields in order (not of the struct, whose dynamic member would add
    /// an offset word). The npm merkle-tree package's StandardMerkleTree over the same field types produces
    /// `keccak256(abi.encodePacked(hash(record)))` as the leaf.
    function hash(TrackRecord calldata r) internal pure returns (bytes32) {
        return hashFields(r.contentHash, r.registrant, r.kind, r.styleId, r.licenceId, r.parents, r.manifestDigest);
    }

    /// @notice `hash` of a record given field by field.
    function hashFields(
        bytes32 contentHash,
        address registrant,
        TrackKind kind,
        uint32 styleId,
        uint64 licenceId,
        bytes32[] calldata parents,
        bytes32 manifestDigest
    ) internal pure returns (bytes32) {
        return keccak256(abi.encode(contentHash, registrant, kind, styleId, licenceId, parents, manifestDigest));
    }

    /// @notice The Merkle leaf of a record in a batch (double hashing, as in OpenZeppelin's StandardMerkleTree).
    function leaf(TrackRecord calldata r) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(hash(r)));
    }
}
