// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TestBase} from "./Vm.sol";
import {RecordMath} from "./MerkleBuilder.sol";
import {SoundmarkRegistry} from "../../../contracts/registry/SoundmarkRegistry.sol";
import {LicenceGrant} from "../../../contracts/interfaces/IStyleRegistry.sol";
import {LicenceTerms} from "../../../contracts/types/LicenceTerms.sol";
import {TrackKind} from "../../../contracts/types/TrackKind.sol";
import {TrackRecord} from "../../../contracts/types/TrackRecord.sol";

/// @notice A deployed SoundmarkRegistry, an artist (with a private key, for signed grants), a licensee, and helpers.
abstract contract SoundmarkFixture is TestBase {
    using RecordMath for TrackRecord;

    uint256 internal constant ARTIST_PK = 0xA11CE;
    uint256 internal constant LICENSEE_PK = 0xB0B;
    uint256 internal constant START = 1_700_000_000;

    SoundmarkRegistry internal reg;
    /// @dev The current block time, tracked here: with viaIR the optimizer may move or merge `block.timestamp` reads
    /// across `vm.warp` calls (it treats TIMESTAMP as constant within a transaction), so tests never read it.
    uint256 internal now_;
    address internal artist;
    address internal licensee;
    uint256 private _nonce;

    function _deployRegistry() internal {
        _warpTo(START);
        reg = new SoundmarkRegistry(address(this));
        artist = vm.addr(ARTIST_PK);
        licensee = vm.addr(LICENSEE_PK);
        vm.label(address(reg), "registry");
        vm.label(artist, "artist");
        vm.label(licensee, "licensee");
    }

    function _warpTo(uint256 t) internal {
        now_ = t;
        vm.warp(t);
    }

    function _skip(uint256 dt) internal {
        _warpTo(now_ + dt);
    }

    function _terms(uint96 fee, uint32 duration, uint24 maxTracks, bool derivatives)
        internal
        pure
        returns (LicenceTerms memory)
    {
        return LicenceTerms({
            fee: fee,
            royaltyBps: 1_000,
            duration: duration,
            maxTracks: maxTracks,
            commercial: true,
            derivatives: derivatives,
            purchasable: true
        });
    }

    function _newStyle(uint96 fee, uint32 duration, uint24 maxTracks, bool derivatives) internal returns (uint32) {
        vm.prank(artist);
        return uint32(reg.registerStyle("ipfs://style", _terms(fee, duration, maxTracks, derivatives)));
    }

    function _buy(address buyer, uint256 styleId) internal returns (uint64) {
        (, LicenceTerms memory t, uint32 version,) = reg.style(styleId);
        vm.deal(buyer, t.fee);
        vm.prank(buyer);
        return uint64(reg.buyLicence{value: t.fee}(styleId, version));
    }

    /// @dev A licence the artist signs (EIP-712) for `to`; `expiresAt` 0 = never.
    function _grant(uint256 styleId, address to, uint32 expiresAt, uint24 maxTracks, bool derivatives)
        internal
        returns (uint64)
    {
        LicenceGrant memory g = LicenceGrant({
            styleId: styleId,
            licensee: to,
            expiresAt: expiresAt,
            maxTracks: maxTracks,
            royaltyBps: 500,
            commercial: true,
            derivatives: derivatives,
            nonce: ++_nonce,
            deadline: now_ + 1 days
        });
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(ARTIST_PK, reg.grantDigest(g));
        return uint64(reg.grantLicenceBySig(g, abi.encodePacked(r, s, v)));
    }

    function _revoke(uint64 licenceId) internal {
        vm.prank(artist);
        reg.revokeLicence(licenceId);
    }

    function _record(
        bytes32 contentHash,
        address registrant,
        TrackKind kind,
        uint32 styleId,
        uint64 licenceId,
        bytes32[] memory parents,
        bytes32 manifestDigest
    ) internal pure returns (TrackRecord memory r) {
        r = TrackRecord({
            contentHash: contentHash,
            registrant: registrant,
            kind: kind,
            styleId: styleId,
            licenceId: licenceId,
            parents: parents,
            manifestDigest: manifestDigest
        });
    }

    /// @dev Registers `r` directly, as its registrant.
    function _register(TrackRecord memory r) internal {
        vm.prank(r.registrant);
        reg.register(r.contentHash, r.kind, r.styleId, r.licenceId, r.parents, r.manifestDigest);
    }

    /// @dev Anchors a one-record batch (root = leaf, empty proof) as the record's registrant.
    function _anchorSingle(TrackRecord memory r) internal returns (bytes32 root) {
        root = r.leaf();
        vm.prank(r.registrant);
        reg.anchorBatch(root, 1, keccak256(abi.encode("batch file", root)));
    }

    function _noParents() internal pure returns (bytes32[] memory) {
        return new bytes32[](0);
    }

    function _oneParent(bytes32 parent) internal pure returns (bytes32[] memory p) {
        p = new bytes32[](1);
        p[0] = parent;
    }

    /// @dev A non-zero hash derived from a seed and an index.
    function _h(bytes32 seed, uint256 i) internal pure returns (bytes32 h) {
        h = keccak256(abi.encode(seed, i));
        if (h == bytes32(0)) h = bytes32(uint256(1));
    }
}
