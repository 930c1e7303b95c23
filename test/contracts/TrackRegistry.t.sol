// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SoundmarkFixture} from "./utils/SoundmarkFixture.sol";
import {MerkleBuilder, RecordMath} from "./utils/MerkleBuilder.sol";
import {SoundmarkHandler} from "./utils/SoundmarkHandler.sol";
import {TrackNFT} from "../../contracts/tokens/TrackNFT.sol";
import {ITrackRegistry} from "../../contracts/interfaces/ITrackRegistry.sol";
import {IStyleRegistry} from "../../contracts/interfaces/IStyleRegistry.sol";
import {TrackKind} from "../../contracts/types/TrackKind.sol";
import {TrackRecord} from "../../contracts/types/TrackRecord.sol";
import {Licence, LicenceFlags} from "../../contracts/types/Licence.sol";

/// @notice Fuzz tests of the track registry: uniqueness, licence validity (expiry, revocation), caps, Merkle batches.
contract TrackRegistryTest is SoundmarkFixture {
    using RecordMath for TrackRecord;

    uint32 internal openStyle; // no fee, never expires, no cap, derivatives allowed
    uint64 internal openLicence; // the licensee's licence of openStyle
    bytes32 internal seedTrack; // a registered original, usable as a parent

    function setUp() public {
        _deployRegistry();
        openStyle = _newStyle(0, 0, 0, true);
        openLicence = _buy(licensee, openStyle);
        seedTrack = keccak256("seed track");
        _register(_record(seedTrack, artist, TrackKind.Original, 0, 0, _noParents(), keccak256("seed manifest")));
    }

    // ------------------------------------------------------------------ uniqueness

    function test_register_revertsIfDuplicate() public {
        bytes32 c = keccak256("track");
        TrackRecord memory r = _record(c, licensee, TrackKind.Generated, openStyle, openLicence, _noParents(), c);
        _register(r);
        vm.expectRevert(abi.encodeWithSelector(ITrackRegistry.TrackRegistryAlreadyRegistered.selector, c));
        _register(r);
    }

    /// Any content hash registers once; a second `register` of it reverts with AlreadyRegistered whatever the other
    /// fields (sender, kind, style, licence, parents — even too many or unknown — and digest) are.
    function testFuzz_register_revertsIfDuplicate(
        bytes32 contentHash,
        bytes32 digest1,
        address sender2,
        uint8 kind2,
        uint32 style2,
        uint64 licence2,
        bytes32[] memory parents2,
        bytes32 digest2
    ) public {
        vm.assume(contentHash != bytes32(0) && digest1 != bytes32(0) && digest2 != bytes32(0));
        vm.assume(contentHash != seedTrack);
        vm.assume(parents2.length <= 24);
        TrackRecord memory first = _record(contentHash, licensee, TrackKind.Original, 0, 0, _noParents(), digest1);
        _register(first);
        bytes32 stored = reg.recordHashOf(contentHash);
        assertEq(stored, first.hash(), "stored record hash");

        vm.prank(sender2);
        vm.expectRevert(abi.encodeWithSelector(ITrackRegistry.TrackRegistryAlreadyRegistered.selector, contentHash));
        reg.register(contentHash, TrackKind(bound(kind2, 0, 2)), style2, licence2, parents2, digest2);
        assertEq(reg.recordHashOf(contentHash), stored, "record unchanged");
    }

    /// A duplicate never consumes the licence: a capped licence loses exactly one track for the first registration.
    function testFuzz_register_duplicateDoesNotConsumeLicence(bytes32 contentHash, uint8 cap, uint8 tries) public {
        vm.assume(contentHash != bytes32(0) && contentHash != seedTrack);
        uint24 n = uint24(bound(cap, 2, 50));
        uint32 capped = _newStyle(0, 0, n, true);
        uint64 lic = _buy(licensee, capped);
        TrackRecord memory r = _record(contentHash, licensee, TrackKind.Generated, capped, lic, _noParents(), contentHash);
        _register(r);
        for (uint256 i = 0; i < bound(tries, 1, 5); ++i) {
            vm.expectRevert(abi.encodeWithSelector(ITrackRegistry.TrackRegistryAlreadyRegistered.selector, contentHash));
            _register(r);
        }
        assertEq(reg.licence(lic).remaining, n - 1, "remaining");
    }

    /// The same content through a batch: promoting after a direct registration, or promoting twice, reverts.
    function testFuzz_promote_revertsIfAlreadyRegistered(bytes32 contentHash, bytes32 digest1, bytes32 digest2, bool direct)
        public
    {
        vm.assume(contentHash != bytes32(0) && digest1 != bytes32(0) && digest2 != bytes32(0));
        vm.assume(contentHash != seedTrack);
        TrackRecord memory a = _record(contentHash, licensee, TrackKind.Original, 0, 0, _noParents(), digest1);
        TrackRecord memory b = _record(contentHash, licensee, TrackKind.Generated, openStyle, openLicence, _noParents(), digest2);
        bytes32 rootB = _anchorSingle(b);
        if (direct) {
            _register(a);
        } else {
            reg.promote(rootB, b, new bytes32[](0));
        }
        bytes32 stored = reg.recordHashOf(contentHash);
        vm.expectRevert(abi.encodeWithSelector(ITrackRegistry.TrackRegistryAlreadyRegistered.selector, contentHash));
        reg.promote(rootB, b, new bytes32[](0));
        vm.expectRevert(abi.encodeWithSelector(ITrackRegistry.TrackRegistryAlreadyRegistered.selector, contentHash));
        _register(b);
        assertEq(reg.recordHashOf(contentHash), stored, "record unchanged");
    }

    // ------------------------------------------------------------------ expiry and revocation

    /// A bought licence registers until `issuedAt + duration` (exclusive) and never after.
    function testFuzz_register_expiredLicenceNeverRegisters(uint32 duration, uint256 wait, uint256 late) public {
        duration = uint32(bound(duration, 1, 3650 days));
        _warpTo(START + bound(wait, 0, 3650 days));
        uint32 styleId = _newStyle(1 ether, duration, 0, true);
        uint64 lic = _buy(licensee, styleId);
        uint256 expiresAt = now_ + duration;
        assertEq(reg.licence(lic).expiresAt, expiresAt, "expiresAt");

        _warpTo(expiresAt + bound(late, 0, 3650 days));
        bytes32 c = keccak256(abi.encode("late", late));
        vm.expectRevert(abi.encodeWithSelector(IStyleRegistry.StyleRegistryLicenceExpired.selector, lic, expiresAt));
        _register(_record(c, licensee, TrackKind.Generated, styleId, lic, _noParents(), c));
        // Not as a derivative either.
        vm.expectRevert(abi.encodeWithSelector(IStyleRegistry.StyleRegistryLicenceExpired.selector, lic, expiresAt));
        _register(_record(c, licensee, TrackKind.Derivative, styleId, lic, _oneParent(seedTrack), c));
        assertEq(reg.recordHashOf(c), bytes32(0), "not registered");
        assertTrue(!reg.isLicensed(styleId, licensee), "isLicensed after expiry");
    }

    /// The converse, so the test above is not vacuous: before expiry the licence registers.
    function testFuzz_register_licenceValidBeforeExpiry(uint32 duration, uint256 early) public {
        duration = uint32(bound(duration, 1, 3650 days));
        uint32 styleId = _newStyle(0, duration, 0, true);
        uint64 lic = _buy(licensee, styleId);
        _skip(bound(early, 0, duration - 1));
        bytes32 c = keccak256(abi.encode("early", early));
        _register(_record(c, licensee, TrackKind.Generated, styleId, lic, _noParents(), c));
        assertTrue(reg.recordHashOf(c) != bytes32(0), "registered");
    }

    /// A signed grant's own expiry works the same way.
    function testFuzz_register_expiredSignedGrantNeverRegisters(uint32 lifetime, uint256 late) public {
        lifetime = uint32(bound(lifetime, 1, 3650 days));
        uint32 expiresAt = uint32(now_ + lifetime);
        uint64 lic = _grant(openStyle, licensee, expiresAt, 0, true);
        _warpTo(uint256(expiresAt) + bound(late, 0, 3650 days));
        bytes32 c = keccak256(abi.encode("grant", late));
        vm.expectRevert(abi.encodeWithSelector(IStyleRegistry.StyleRegistryLicenceExpired.selector, lic, expiresAt));
        _register(_record(c, licensee, TrackKind.Generated, openStyle, lic, _noParents(), c));
    }

    /// Once revoked, a licence (bought or signed, capped or not, expiring or not, revoked before or after its natural
    /// expiry) registers nothing directly, at any later time, nor through a batch anchored after the revocation.
    function testFuzz_register_revokedLicenceNeverRegisters(
        uint32 duration,
        uint24 cap,
        bool signed,
        uint256 beforeRevoke,
        uint256 afterRevoke,
        uint8 used
    ) public {
        duration = uint32(bound(duration, 0, 365 days)); // 0: never expires
        cap = uint24(bound(cap, 0, 20)); // 0: no cap
        uint32 styleId = _newStyle(0.1 ether, duration, cap, true);
        uint64 lic = signed
            ? _grant(styleId, licensee, duration == 0 ? 0 : uint32(now_ + duration), cap, true)
            : _buy(licensee, styleId);
        // Use some of the cap first (while valid).
        uint256 toUse = cap == 0 ? bound(used, 0, 3) : bound(used, 0, cap - 1);
        for (uint256 i = 0; i < toUse; ++i) {
            bytes32 u = _h(bytes32("used"), i);
            _register(_record(u, licensee, TrackKind.Generated, styleId, lic, _noParents(), u));
        }

        _skip(bound(beforeRevoke, 0, 730 days));
        _revoke(lic);
        Licence memory l = reg.licence(lic);
        assertTrue(l.flags & LicenceFlags.REVOKED != 0, "revoked flag");
        uint256 natural = duration == 0 ? LicenceFlags.NEVER : START + duration;
        assertEq(l.expiresAt, natural < now_ ? natural : now_, "expiry moved to the revocation time");
        _skip(bound(afterRevoke, 0, 730 days));

        bytes32 c = keccak256(abi.encode("after revoke", afterRevoke));
        bytes memory revoked = abi.encodeWithSelector(IStyleRegistry.StyleRegistryLicenceRevoked.selector, lic);
        vm.expectRevert(revoked);
        _register(_record(c, licensee, TrackKind.Generated, styleId, lic, _noParents(), c));
        vm.expectRevert(revoked);
        _register(_record(c, licensee, TrackKind.Derivative, styleId, lic, _oneParent(seedTrack), c));

        TrackRecord memory batched = _record(c, licensee, TrackKind.Generated, styleId, lic, _noParents(), c);
        bytes32 root = _anchorSingle(batched);
        _skip(1);
        vm.expectRevert(revoked);
        reg.promote(root, batched, new bytes32[](0));

        assertEq(reg.recordHashOf(c), bytes32(0), "not registered");
        assertTrue(!reg.isLicensed(styleId, licensee), "isLicensed after revocation");
    }

    /// Documented semantics: a batch is judged at its anchoring time, so records anchored while the licence was valid
    /// still promote after a revocation (and consume the cap); records anchored after it never do.
    function testFuzz_promote_judgedAtAnchorTime(uint256 gap, uint256 later) public {
        TrackRecord memory before = _record(keccak256("b"), licensee, TrackKind.Generated, openStyle, openLicence, _noParents(), keccak256("mb"));
        bytes32 root = _anchorSingle(before);
        _skip(bound(gap, 1, 365 days));
        _revoke(openLicence);
        _skip(bound(later, 0, 365 days));
        reg.promote(root, before, new bytes32[](0));
        assertTrue(reg.isRegistered(before), "anchored before revocation");
    }

    /// A batch anchored before the licence was issued never promotes under it.
    function testFuzz_promote_revertsIfLicenceIssuedAfterAnchor(uint256 gap) public {
        uint32 styleId = _newStyle(0, 0, 0, true);
        uint64 nextId = openLicence + 1;
        TrackRecord memory r = _record(keccak256("early"), licensee, TrackKind.Generated, styleId, nextId, _noParents(), keccak256("m"));
        bytes32 root = _anchorSingle(r);
        uint256 anchoredAt = now_;
        _skip(bound(gap, 1, 365 days));
        uint64 lic = _buy(licensee, styleId);
        assertEq(lic, nextId, "licence id");
        vm.expectRevert(
            abi.encodeWithSelector(IStyleRegistry.StyleRegistryLicenceNotYetIssued.selector, lic, now_)
        );
        reg.promote(root, r, new bytes32[](0));
        assertTrue(anchoredAt < now_, "sanity");
    }

    // ------------------------------------------------------------------ caps

    /// A licence with maxTracks n registers exactly n tracks (any mix of direct registrations and promotions).
    function testFuzz_cap_registersExactlyN(uint8 nRaw, uint256 viaBatchMask, bool signed) public {
        uint24 n = uint24(bound(nRaw, 1, 16));
        uint32 styleId = _newStyle(0.01 ether, 0, n, true);
        uint64 lic = signed ? _grant(styleId, licensee, 0, n, true) : _buy(licensee, styleId);
        for (uint256 i = 0; i < n; ++i) {
            assertEq(reg.licence(lic).remaining, n - i, "remaining before");
            assertTrue(reg.isLicensed(styleId, licensee), "licensed while tracks are left");
            bytes32 c = _h(bytes32("cap"), i);
            TrackRecord memory r = _record(c, licensee, TrackKind.Generated, styleId, lic, _noParents(), c);
            if ((viaBatchMask >> i) & 1 == 1) {
                bytes32 root = _anchorSingle(r);
                reg.promote(root, r, new bytes32[](0));
            } else {
                _register(r);
            }
            assertTrue(reg.isRegistered(r), "registered");
        }
        assertEq(reg.licence(lic).remaining, 0, "remaining after n");
        assertTrue(!reg.isLicensed(styleId, licensee), "not licensed once the cap is used");

        bytes32 extra = _h(bytes32("cap"), n);
        TrackRecord memory over = _record(extra, licensee, TrackKind.Generated, styleId, lic, _noParents(), extra);
        vm.expectRevert(abi.encodeWithSelector(IStyleRegistry.StyleRegistryTrackCapReached.selector, lic));
        _register(over);
        bytes32 root2 = _anchorSingle(over);
        vm.expectRevert(abi.encodeWithSelector(IStyleRegistry.StyleRegistryTrackCapReached.selector, lic));
        reg.promote(root2, over, new bytes32[](0));
    }

    /// maxTracks 0 means no cap: the counter is never touched.
    function testFuzz_cap_zeroMeansUnlimited(uint8 kRaw) public {
        uint256 k = bound(kRaw, 1, 24);
        for (uint256 i = 0; i < k; ++i) {
            bytes32 c = _h(bytes32("unlimited"), i);
            _register(_record(c, licensee, TrackKind.Generated, openStyle, openLicence, _noParents(), c));
        }
        assertEq(reg.licence(openLicence).remaining, LicenceFlags.UNLIMITED, "remaining");
    }

    // ------------------------------------------------------------------ Merkle batches

    uint256 internal constant MAX_MEMBERS = 9;

    /// Members built from fuzzed hashes and digests; 2 bits of `kinds` per record pick Original (no style),
    /// Generated under the open licence, Derivative of the seed track without style, or Derivative under the licence.
    function _members(bytes32[MAX_MEMBERS] memory hashes, bytes32 digestSeed, uint8 nRaw, uint256 kinds)
        internal
        view
        returns (TrackRecord[] memory rs, bytes32[] memory leaves)
    {
        uint256 n = bound(nRaw, 1, MAX_MEMBERS);
        rs = new TrackRecord[](n);
        leaves = new bytes32[](n);
        for (uint256 i = 0; i < n; ++i) {
            bytes32 c = hashes[i];
            // Distinct, non-zero, and not the seed track.
            bool clash = c == bytes32(0) || c == seedTrack;
            for (uint256 j = 0; j < i; ++j) if (rs[j].contentHash == c) clash = true;
            if (clash) c = _h(keccak256(abi.encode(c, "member")), i);
            uint256 k = (kinds >> (2 * i)) & 3;
            bytes32 d = _h(digestSeed, i);
            if (k == 0) rs[i] = _record(c, licensee, TrackKind.Original, 0, 0, _noParents(), d);
            else if (k == 1) rs[i] = _record(c, licensee, TrackKind.Generated, openStyle, openLicence, _noParents(), d);
            else if (k == 2) rs[i] = _record(c, licensee, TrackKind.Derivative, 0, 0, _oneParent(seedTrack), d);
            else rs[i] = _record(c, licensee, TrackKind.Derivative, openStyle, openLicence, _oneParent(seedTrack), d);
            leaves[i] = rs[i].leaf();
        }
    }

    function _anchor(bytes32[] memory leaves) internal returns (bytes32 root) {
        root = MerkleBuilder.root(leaves);
        vm.prank(licensee);
        reg.anchorBatch(root, uint32(leaves.length), keccak256(abi.encode(leaves)));
    }

    /// Every member verifies and promotes; the stored hash is the record's hash (checked against `hashRecord`).
    function testFuzz_merkle_membersVerifyAndPromote(
        bytes32[MAX_MEMBERS] memory hashes,
        bytes32 digestSeed,
        uint8 nRaw,
        uint256 kinds
    ) public {
        (TrackRecord[] memory rs, bytes32[] memory leaves) = _members(hashes, digestSeed, nRaw, kinds);
        bytes32 root = _anchor(leaves);
        for (uint256 i = 0; i < rs.length; ++i) {
            assertEq(reg.hashRecord(rs[i]), rs[i].hash(), "in-memory hash mirrors TrackRecordHash");
            bytes32[] memory proof = MerkleBuilder.proof(leaves, i);
            assertTrue(reg.verifyInclusion(root, rs[i], proof), "member verifies");
        }
        // Promote in reverse order, by an arbitrary submitter.
        for (uint256 i = rs.length; i > 0; --i) {
            vm.prank(address(0xCAFE));
            reg.promote(root, rs[i - 1], MerkleBuilder.proof(leaves, i - 1));
            assertTrue(reg.isRegistered(rs[i - 1]), "promoted");
            assertEq(reg.recordHashOf(rs[i - 1].contentHash), rs[i - 1].hash(), "stored hash");
        }
    }

    /// A fuzzed record that is not in the tree fails verifyInclusion and promote, with every member's proof and with
    /// an empty proof.
    function testFuzz_merkle_nonMemberFails(
        bytes32[MAX_MEMBERS] memory hashes,
        bytes32 digestSeed,
        uint8 nRaw,
        uint256 kinds,
        bytes32 contentHash,
        uint8 kind,
        uint32 styleId,
        uint64 licenceId,
        bytes32[] memory parents,
        bytes32 digest
    ) public {
        (TrackRecord[] memory rs, bytes32[] memory leaves) = _members(hashes, digestSeed, nRaw, kinds);
        bytes32 root = _anchor(leaves);
        vm.assume(parents.length <= 4);
        TrackRecord memory outsider =
            _record(contentHash, licensee, TrackKind(bound(kind, 0, 2)), styleId, licenceId, parents, digest);
        for (uint256 i = 0; i < leaves.length; ++i) vm.assume(outsider.leaf() != leaves[i]);

        for (uint256 i = 0; i <= rs.length; ++i) {
            bytes32[] memory proof = i < rs.length ? MerkleBuilder.proof(leaves, i) : new bytes32[](0);
            assertTrue(!reg.verifyInclusion(root, outsider, proof), "outsider must not verify");
            vm.expectRevert(abi.encodeWithSelector(ITrackRegistry.TrackRegistryInvalidProof.selector));
            reg.promote(root, outsider, proof);
        }
        assertEq(reg.recordHashOf(contentHash), contentHash == seedTrack ? reg.recordHashOf(seedTrack) : bytes32(0), "nothing stored");
    }

    /// A member with any one field changed (to a fuzzed value) fails verifyInclusion and promote with the member's own
    /// proof; the unchanged member still verifies.
    function testFuzz_merkle_tamperedMemberFails(
        bytes32[MAX_MEMBERS] memory hashes,
        bytes32 digestSeed,
        uint8 nRaw,
        uint256 kinds,
        uint256 which,
        uint8 field,
        bytes32 value
    ) public {
        (TrackRecord[] memory rs, bytes32[] memory leaves) = _members(hashes, digestSeed, nRaw, kinds);
        bytes32 root = _anchor(leaves);
        uint256 i = bound(which, 0, rs.length - 1);
        bytes32[] memory proof = MerkleBuilder.proof(leaves, i);
        TrackRecord memory t = RecordMath.copy(rs[i]);
        uint256 f = bound(field, 0, 6);
        if (f == 0) {
            t.contentHash = value != t.contentHash ? value : ~value;
        } else if (f == 1) {
            address a = address(uint160(uint256(value)));
            t.registrant = a != t.registrant ? a : address(~uint160(a));
        } else if (f == 2) {
            t.kind = TrackKind((uint8(t.kind) + 1 + uint8(uint256(value) % 2)) % 3);
        } else if (f == 3) {
            unchecked {
                t.styleId = uint32(uint256(value)) != t.styleId ? uint32(uint256(value)) : t.styleId + 1;
            }
        } else if (f == 4) {
            unchecked {
                t.licenceId = uint64(uint256(value)) != t.licenceId ? uint64(uint256(value)) : t.licenceId + 1;
            }
        } else if (f == 5) {
            if (uint256(value) & 1 == 1 || t.parents.length == 0) {
                bytes32[] memory p = new bytes32[](t.parents.length + 1);
                for (uint256 j = 0; j < t.parents.length; ++j) p[j] = t.parents[j];
                p[t.parents.length] = value;
                t.parents = p;
            } else {
                t.parents[0] = value != t.parents[0] ? value : ~value;
            }
        } else {
            t.manifestDigest = value != t.manifestDigest ? value : ~value;
        }
        assertTrue(t.hash() != rs[i].hash(), "tampered record differs");

        assertTrue(!reg.verifyInclusion(root, t, proof), "tampered member must not verify");
        if (f == 1) {
            // Batches are keyed by (anchorer, root): the new registrant anchored no batch with this root.
            vm.expectRevert(abi.encodeWithSelector(ITrackRegistry.TrackRegistryUnknownBatch.selector, root));
        } else {
            vm.expectRevert(abi.encodeWithSelector(ITrackRegistry.TrackRegistryInvalidProof.selector));
        }
        reg.promote(root, t, proof);

        assertTrue(reg.verifyInclusion(root, rs[i], proof), "untouched member verifies");
        reg.promote(root, rs[i], proof);
        assertTrue(reg.isRegistered(rs[i]), "member promoted");
        assertTrue(!reg.isRegistered(t), "tampered record not registered");
    }

    /// Anchoring someone else's root first (e.g. front-running their anchorBatch) neither blocks their batch nor lets
    /// the squatter promote its records.
    function testFuzz_anchorBatch_squattedRootDoesNotBlockAnchorer(
        bytes32[MAX_MEMBERS] memory hashes,
        bytes32 digestSeed,
        uint8 nRaw,
        uint256 kinds,
        address squatter
    ) public {
        vm.assume(squatter != licensee && squatter != address(0));
        (TrackRecord[] memory rs, bytes32[] memory leaves) = _members(hashes, digestSeed, nRaw, kinds);
        bytes32 root = MerkleBuilder.root(leaves);
        vm.prank(squatter);
        reg.anchorBatch(root, uint32(leaves.length), bytes32(0));
        bytes32[] memory proof = MerkleBuilder.proof(leaves, 0);
        assertTrue(!reg.verifyInclusion(root, rs[0], proof), "not in the licensee's batch yet");
        _anchor(leaves); // the real anchorer is not blocked
        assertTrue(reg.verifyInclusion(root, rs[0], proof), "member verifies");
        reg.promote(root, rs[0], proof);
        assertTrue(reg.isRegistered(rs[0]), "promoted under the real anchorer");
    }

    /// The right record against a root nobody anchored fails.
    function testFuzz_merkle_unknownRootFails(bytes32[MAX_MEMBERS] memory hashes, bytes32 digestSeed, uint8 nRaw, uint256 kinds)
        public
    {
        (TrackRecord[] memory rs, bytes32[] memory leaves) = _members(hashes, digestSeed, nRaw, kinds);
        bytes32 root = MerkleBuilder.root(leaves); // not anchored
        bytes32[] memory proof = MerkleBuilder.proof(leaves, 0);
        assertTrue(!reg.verifyInclusion(root, rs[0], proof), "unanchored root");
        vm.expectRevert(abi.encodeWithSelector(ITrackRegistry.TrackRegistryUnknownBatch.selector, root));
        reg.promote(root, rs[0], proof);
    }
}

/// @notice Invariants of the registry under random licence sales, grants, revocations, time, registrations and
/// batch promotions (the handler is shared with the payment invariants).
contract TrackRegistryInvariantTest is SoundmarkFixture {
    SoundmarkHandler internal handler;

    function setUp() public {
        _deployRegistry();
        TrackNFT nft = new TrackNFT(address(reg), address(this));
        handler = new SoundmarkHandler(reg, nft);
        handler.seed();
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: handler.registrySelectors()}));
    }

    /// Registered records == successful register/promote calls; no content was registered twice.
    function invariant_registeredCountEqualsSuccessfulRegistrations() public view {
        assertEq(handler.countRegisteredOnChain(), handler.ghostRegistrations(), "registered records");
        assertEq(handler.ghostDuplicateSuccesses(), 0, "duplicate registrations");
        assertTrue(handler.storedHashesMatch(), "stored record hashes");
    }

    /// No track was ever registered with a licence that was expired, revoked, not the registrant's, for another
    /// style, not yet issued, or out of tracks at the time it was judged at.
    function invariant_noTrackWithInvalidLicence() public view {
        assertEq(handler.ghostInvalidLicenceSuccesses(), 0, "registered with an invalid licence");
    }

    /// The licence model is exact: what it predicts valid did register, and every licence's counter matches.
    function invariant_licenceModelMatches() public view {
        assertEq(handler.ghostUnexpectedFailures(), 0, string.concat("valid registrations that failed: ", handler.lastError()));
        assertTrue(handler.licenceCountersMatch(), "licence remaining counters");
        assertEq(handler.ghostErrors(), 0, string.concat("handler saw a difference from the model: ", handler.lastError()));
    }
}
