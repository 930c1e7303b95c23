// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ITrackRegistry, Batch} from "../interfaces/ITrackRegistry.sol";
import {TrackKind} from "../types/TrackKind.sol";
import {TrackRecord, TrackRecordHash} from "../types/TrackRecord.sol";

/// @title Track registry
/// @notice One immutable record per audio content hash. Only the record's hash is stored (one slot); the fields are in
/// the `TrackRegistered` event. Many records can be anchored at once as a Merkle root and promoted one by one.
/// @dev Licensing is a hook (`_useLicence`, `_styleArtist`) so the registry is independent of how licences are kept.
abstract contract TrackRegistry is ITrackRegistry, Pausable {
    using TrackRecordHash for TrackRecord;

    /// @notice Most parents one record may name.
    uint256 public constant MAX_PARENTS = 16;

    mapping(bytes32 contentHash => bytes32 recordHash) private _records;
    /// Keyed by anchorer too, so nobody can block a batch by anchoring its root first.
    mapping(address anchorer => mapping(bytes32 root => Batch)) private _batches;

    /// @inheritdoc ITrackRegistry
    function register(
        bytes32 contentHash,
        TrackKind kind,
        uint32 styleId,
        uint64 licenceId,
        bytes32[] calldata parents,
        bytes32 manifestDigest
    ) external whenNotPaused {
        _register(contentHash, msg.sender, kind, styleId, licenceId, parents, manifestDigest, block.timestamp);
    }

    /// @inheritdoc ITrackRegistry
    function anchorBatch(bytes32 root, uint32 size, bytes32 leavesDigest) external whenNotPaused {
        if (root == bytes32(0) || size == 0) revert TrackRegistryInvalidBatch();
        Batch storage b = _batches[msg.sender][root];
        if (b.anchorer != address(0)) revert TrackRegistryBatchExists(root);
        b.anchorer = msg.sender;
        b.anchoredAt = uint64(block.timestamp);
        b.size = size;
        emit BatchAnchored(root, msg.sender, size, leavesDigest);
    }

    /// @inheritdoc ITrackRegistry
    function promote(bytes32 root, TrackRecord calldata record, bytes32[] calldata proof) external whenNotPaused {
        address anchorer = record.registrant;
        Batch storage b = _batches[anchorer][root];
        if (b.anchorer == address(0)) revert TrackRegistryUnknownBatch(root);
        if (!MerkleProof.verifyCalldata(proof, root, record.leaf())) revert TrackRegistryInvalidProof();
        _register(
            record.contentHash,
            anchorer,
            record.kind,
            record.styleId,
            record.licenceId,
            record.parents,
            record.manifestDigest,
            b.anchoredAt
        );
        emit TrackPromoted(record.contentHash, root);
    }

    /// @inheritdoc ITrackRegistry
    function recordHashOf(bytes32 contentHash) external view returns (bytes32) {
        return _records[contentHash];
    }

    /// @inheritdoc ITrackRegistry
    function isRegistered(TrackRecord calldata record) external view returns (bool) {
        bytes32 stored = _records[record.contentHash];
        return stored != bytes32(0) && stored == record.hash();
    }

    /// @inheritdoc ITrackRegistry
    function verifyInclusion(bytes32 root, TrackRecord calldata record, bytes32[] calldata proof)
        external
        view
        returns (bool)
    {
        return _batches[record.registrant][root].anchorer != address(0)
            && MerkleProof.verifyCalldata(proof, root, record.leaf());
    }

    /// @inheritdoc ITrackRegistry
    function batch(address anchorer, bytes32 root) external view returns (Batch memory) {
        return _batches[anchorer][root];
    }

    /// @inheritdoc ITrackRegistry
    function hashRecord(TrackRecord calldata record) external pure returns (bytes32) {
        return record.hash();
    }

    /// @dev Checks a record (its licence judged at time `at`) and stores its hash.
    function _register(
        bytes32 contentHash,
        address registrant,
        TrackKind kind,
        uint32 styleId,
        uint64 licenceId,
        bytes32[] calldata parents,
        bytes32 manifestDigest,
        uint256 at
    ) private {
        if (contentHash == bytes32(0) || manifestDigest == bytes32(0)) revert TrackRegistryInvalidRecord();
        if (_records[contentHash] != bytes32(0)) revert TrackRegistryAlreadyRegistered(contentHash);

        uint256 parentCount = parents.length;
        if (parentCount > MAX_PARENTS) revert TrackRegistryTooManyParents(parentCount);
        if (
            (kind == TrackKind.Original && (parentCount != 0 || licenceId != 0))
                || (kind == TrackKind.Generated && styleId == 0)
                || (kind == TrackKind.Derivative && parentCount == 0) || (licenceId != 0 && styleId == 0)
        ) revert TrackRegistryInvalidKind(kind);

        for (uint256 i = 0; i < parentCount; ++i) {
            bytes32 parent = parents[i];
            if (parent == contentHash || _records[parent] == bytes32(0)) revert TrackRegistryUnknownParent(parent);
        }

        if (styleId != 0) {
            if (licenceId != 0) {
                _useLicence(licenceId, registrant, styleId, at, parentCount != 0);
            } else if (_styleArtist(styleId) != registrant) {
                revert TrackRegistryLicenceRequired(styleId);
            }
        }

        _records[contentHash] =
            TrackRecordHash.hashFields(contentHash, registrant, kind, styleId, licenceId, parents, manifestDigest);
        emit TrackRegistered(contentHash, registrant, styleId, kind, licenceId, parents, manifestDigest);
    }

    /// @dev Checks that the licence lets `registrant` register one more track of `styleId` at time `at` (with parents
    /// when `derivative`), and counts the track against the licence's cap. Reverts otherwise.
    function _useLicence(uint256 licenceId, address registrant, uint256 styleId, uint256 at, bool derivative)
        internal
        virtual;

    /// @dev The artist of the style, zero when unknown.
    function _styleArtist(uint256 styleId) internal view virtual returns (address);
}
