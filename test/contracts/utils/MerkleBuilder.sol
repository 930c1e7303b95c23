// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";
import {TrackRecord} from "../../../contracts/types/TrackRecord.sol";

/// @notice Test-only Merkle trees with sorted-pair (commutative) keccak256 nodes, the hashing OpenZeppelin's
/// MerkleProof verifies. Layers pair neighbours left to right; an odd last node moves up unchanged.
library MerkleBuilder {
    function root(bytes32[] memory leaves) internal pure returns (bytes32) {
        require(leaves.length != 0, "MerkleBuilder: no leaves");
        bytes32[] memory layer = leaves;
        while (layer.length > 1) layer = _up(layer);
        return layer[0];
    }

    function proof(bytes32[] memory leaves, uint256 index) internal pure returns (bytes32[] memory out) {
        require(index < leaves.length, "MerkleBuilder: index out of range");
        bytes32[] memory path = new bytes32[](256);
        uint256 depth;
        bytes32[] memory layer = leaves;
        while (layer.length > 1) {
            uint256 sibling = index ^ 1;
            if (sibling < layer.length) path[depth++] = layer[sibling];
            layer = _up(layer);
            index >>= 1;
        }
        out = new bytes32[](depth);
        for (uint256 i = 0; i < depth; ++i) out[i] = path[i];
    }

    function _up(bytes32[] memory layer) private pure returns (bytes32[] memory next) {
        uint256 n = layer.length;
        next = new bytes32[]((n + 1) / 2);
        for (uint256 i = 0; i < n; i += 2) {
            next[i / 2] = i + 1 < n ? Hashes.commutativeKeccak256(layer[i], layer[i + 1]) : layer[i];
        }
    }
}

/// @notice In-memory mirror of contracts/types/TrackRecord.sol (whose library takes calldata records).
library RecordMath {
    function hash(TrackRecord memory r) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(r.contentHash, r.registrant, r.kind, r.styleId, r.licenceId, r.parents, r.manifestDigest)
        );
    }

    /// @dev Leaf = keccak256(abi.encodePacked(keccak256(abi.encode(fields...)))), as TrackRecordHash.leaf.
    function leaf(TrackRecord memory r) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(hash(r)));
    }

    function copy(TrackRecord memory r) internal pure returns (TrackRecord memory c) {
        c.contentHash = r.contentHash;
        c.registrant = r.registrant;
        c.kind = r.kind;
        c.styleId = r.styleId;
        c.licenceId = r.licenceId;
        c.parents = new bytes32[](r.parents.length);
        for (uint256 i = 0; i < r.parents.length; ++i) c.parents[i] = r.parents[i];
        c.manifestDigest = r.manifestDigest;
    }

    function equals(TrackRecord memory a, TrackRecord memory b) internal pure returns (bool) {
        return hash(a) == hash(b);
    }
}
