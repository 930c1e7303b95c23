// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TrackKind} from "../types/TrackKind.sol";
import {TrackRecord} from "../types/TrackRecord.sol";

/// @notice A Merkle root of many track records, anchored in one transaction.
struct Batch {
    /// Every record in the batch must name the anchorer as its registrant.
    address anchorer;
    uint64 anchoredAt;
    uint32 size;
}

/// @title The provenance registry: one immutable record per audio content hash, single or in Merkle batches.
interface ITrackRegistry {
    /// @notice This content hash is already registered; records are immutable and unique per content.
    error TrackRegistryAlreadyRegistered(bytes32 contentHash);
    /// @notice A zero content hash or manifest digest.
    error TrackRegistryInvalidRecord();
    /// @notice The record names another registrant than the caller (or the batch anchorer).
    error TrackRegistryNotRegistrant(address registrant, address caller);
    /// @notice The kind does not fit the record: generated without a style, derivative without parents,
    /// original with parents or a licence, or a licence without a style.
    error TrackRegistryInvalidKind(TrackKind kind);
    /// @notice A parent is not registered, or is the track itself.
    error TrackRegistryUnknownParent(bytes32 parent);
    /// @notice More parents than `MAX_PARENTS`.
    error TrackRegistryTooManyParents(uint256 count);
    /// @notice A styled record without a licence must be registered by the style's artist.
    error TrackRegistryLicenceRequired(uint256 styleId);
    /// @notice A batch with a zero root or no records.
    error TrackRegistryInvalidBatch();
    /// @notice This root is already anchored.
    error TrackRegistryBatchExists(bytes32 root);
    /// @notice The record's registrant anchored no batch with this root.
    error TrackRegistryUnknownBatch(bytes32 root);
    /// @notice The proof does not show the record in the batch.
    error TrackRegistryInvalidProof();

    /// @notice A track was registered (directly, or promoted from a batch: then `TrackPromoted` follows).
    /// Carries every field of the record; the registry stores their hash (`hashRecord`).
    event TrackRegistered(
        bytes32 indexed contentHash,
        address indexed registrant,
        uint32 indexed styleId,
        TrackKind kind,
        uint64 licenceId,
        bytes32[] parents,
        bytes32 manifestDigest
    );
    /// @notice The track just registered came from the batch `root`.
    event TrackPromoted(bytes32 indexed contentHash, bytes32 indexed root);
    /// @notice A Merkle root of `size` records was anchored. `leavesDigest` is the SHA-256 of the batch file that lists
    /// the records (on IPFS as a raw-leaf CIDv1), from which anyone can rebuild every proof.
    event BatchAnchored(bytes32 indexed root, address indexed anchorer, uint32 size, bytes32 leavesDigest);

    /// @notice Registers a track whose registrant is the caller. Checks the kind, the parents and the licence, and
    /// consumes one track of the licence's cap.
    function register(
        bytes32 contentHash,
        TrackKind kind,
        uint32 styleId,
        uint64 licenceId,
        bytes32[] calldata parents,
        bytes32 manifestDigest
    ) external;

    /// @notice Anchors the Merkle root of many records whose registrant is the caller, in one transaction.
    /// Batches are keyed by (anchorer, root); `size` is informational (the batch file lists the records).
    function anchorBatch(bytes32 root, uint32 size, bytes32 leavesDigest) external;

    /// @notice Turns a batched record into a full record, with the same checks as `register`, the licence judged
    /// at the batch's anchoring time. Anyone may submit the proof.
    function promote(bytes32 root, TrackRecord calldata record, bytes32[] calldata proof) external;

    /// @notice The stored hash of the track's record, or zero when the content is not registered.
    function recordHashOf(bytes32 contentHash) external view returns (bytes32);

    /// @notice Whether `record` is exactly the registered record of its content hash.
    function isRegistered(TrackRecord calldata record) external view returns (bool);

    /// @notice Whether `record` is in the batch `root` anchored by the record's registrant.
    function verifyInclusion(bytes32 root, TrackRecord calldata record, bytes32[] calldata proof)
        external
        view
        returns (bool);

    /// @notice The batch `anchorer` anchored with this root (zero fields when none).
    function batch(address anchorer, bytes32 root) external view returns (Batch memory);

    /// @notice keccak256 of the record's fields: what `recordHashOf` returns once registered.
    function hashRecord(TrackRecord calldata record) external pure returns (bytes32);
}
