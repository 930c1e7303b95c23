// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TestBase} from "./Vm.sol";
import {MerkleBuilder, RecordMath} from "./MerkleBuilder.sol";
import {SoundmarkRegistry} from "../../../contracts/registry/SoundmarkRegistry.sol";
import {TrackNFT} from "../../../contracts/tokens/TrackNFT.sol";
import {Listing} from "../../../contracts/interfaces/ITrackNFT.sol";
import {LicenceGrant} from "../../../contracts/interfaces/IStyleRegistry.sol";
import {LicenceTerms} from "../../../contracts/types/LicenceTerms.sol";
import {Licence, LicenceFlags} from "../../../contracts/types/Licence.sol";
import {TrackKind} from "../../../contracts/types/TrackKind.sol";
import {TrackRecord} from "../../../contracts/types/TrackRecord.sol";

/// @notice Invariant-test handler: random licence sales (at fuzzed fees), signed grants, revocations, time, track
/// registrations and batch promotions, listings, mints, settlements and withdrawals over a SoundmarkRegistry and a
/// TrackNFT, with an independent model of licences and money (ghost variables).
/// @dev The runner ignores handler reverts (failOnRevert is off), so the handler never asserts by reverting: every
/// call that may revert is wrapped, and a difference from the model is counted in `ghostErrors` (`lastError` says
/// which) for the invariants to check.
contract SoundmarkHandler is TestBase {
    using RecordMath for TrackRecord;

    uint256 internal constant START = 1_700_000_000;
    uint256 internal constant N_ACTORS = 4;
    uint256 internal constant BPS = 10_000;

    SoundmarkRegistry public immutable reg;
    TrackNFT public immutable nft;

    address[] public actors;
    mapping(address => uint256) internal _pk;
    uint32[] public styles;

    struct StyleModel {
        address artist;
        LicenceTerms terms;
    }

    struct LicenceModel {
        address licensee;
        uint32 styleId;
        uint32 issuedAt;
        uint32 expiresAt; // as issued (NEVER: no expiry); revocation is kept apart
        bool revoked;
        uint32 revokedAt;
        uint24 cap; // 0: no cap
        uint24 used;
        bool commercial;
        bool derivatives;
        uint16 royaltyBps;
    }

    /// A record with at most one parent (enough for the model).
    struct Rec {
        bytes32 c;
        address registrant;
        TrackKind kind;
        uint32 styleId;
        uint64 licenceId;
        bool hasParent;
        bytes32 parent;
        bytes32 digest;
    }

    struct PendingBatch {
        bytes32 root;
        uint256 anchoredAt;
        Rec a;
        Rec b;
    }

    struct ListingModel {
        bool listed;
        bool minted;
        bool settled;
        address registrant;
        uint96 price;
        address artist;
        uint16 royaltyBps;
    }

    mapping(uint32 => StyleModel) internal _styles;
    LicenceModel[] internal _lics; // licence id = index + 1 (every licence is issued here)

    uint256 public now_ = START;
    uint256 internal _salt;
    uint256 internal _grantNonce;

    bytes32[] internal _allHashes; // every fresh content hash put in a record
    bytes32[] internal _registered; // registered content hashes, in order
    mapping(bytes32 => bool) internal _isRegistered;
    mapping(bytes32 => Rec) internal _recOf;
    PendingBatch[] internal _batches;

    uint256[] internal _listedTokens; // every token ever listed (once)
    uint256[] internal _mintedTokens;
    mapping(uint256 => ListingModel) internal _listings;

    // ------------------------------------------------------------------ ghosts
    uint256 public ghostRegistrations; // successful register + promote calls
    uint256 public ghostDuplicateSuccesses; // a registration of an already registered content that succeeded
    uint256 public ghostInvalidLicenceSuccesses; // a registration the model says is not allowed that succeeded
    uint256 public ghostUnexpectedFailures; // a registration the model says is allowed that reverted
    uint256 public ghostErrors; // any other difference from the model
    string public lastError;

    uint256 public ghostRegPaidIn; // licence fees paid to the registry
    uint256 public ghostRegWithdrawn;
    uint256 public ghostNftPaidIn; // mint prices paid to the NFT
    uint256 public ghostNftWithdrawn;
    uint256 public ghostNftUnsettled; // prices of minted, unsettled tokens
    mapping(address => uint256) public modelRegCredit;
    mapping(address => uint256) public modelNftCredit;

    // counters, to see what a campaign did
    uint256 public callsBuy;
    uint256 public callsRegisterOk;
    uint256 public callsPromoteOk;
    uint256 public callsMint;
    uint256 public callsSettle;
    uint256 public callsWithdraw;

    constructor(SoundmarkRegistry reg_, TrackNFT nft_) {
        reg = reg_;
        nft = nft_;
        vm.warp(START);
        for (uint256 i = 0; i < N_ACTORS; ++i) {
            uint256 pk = 0xA000 + i;
            address a = vm.addr(pk);
            actors.push(a);
            _pk[a] = pk;
        }
        // Three styles: actors 0 and 1 are artists (actor 0 has two).
        _newStyle(0, LicenceTerms(0.1 ether, 1_000, 0, 0, true, true, true));
        _newStyle(1, LicenceTerms(1 ether, 2_500, 10 days, 3, true, false, true));
        _newStyle(0, LicenceTerms(0, 0, 2 days, 1, false, true, true));
    }

    uint256 public callsTotal;

    /// Gives a campaign something to work on from its first call: licences, registered tracks, listings, a sale.
    function seed() external {
        this.buyLicence(2, 0, false); // actor 2, style 1 (no cap, never expires)
        this.buyLicence(3, 1, false); // actor 3, style 2 (cap 3, 10 days)
        this.buyLicence(1, 2, false); // actor 1, style 3 (cap 1, 2 days, not commercial)
        this.grantLicence(3, 0, 0, 2, 700, 3); // actor 3, style 1, signed, cap 2
        for (uint256 i = 0; i < 4; ++i) this.register(0, i, 0, bytes32(i)); // under each licence, by its licensee
        this.register(1, 0, 6, bytes32("o")); // an unstyled original (or derivative)
        this.register(0, 0, 5, bytes32("a")); // an artist's own track
        this.list(0, 0.5 ether, false, 0);
        this.list(1, 1 ether, false, 0);
        this.list(4, 0.2 ether, false, 0);
        this.mint(3, 0, false);
    }

    modifier atNow() {
        ++callsTotal;
        vm.warp(now_);
        _;
    }

    // ================================================================== selectors

    function registrySelectors() external pure returns (bytes4[] memory s) {
        s = new bytes4[](9);
        s[0] = this.setTerms.selector;
        s[1] = this.buyLicence.selector;
        s[2] = this.grantLicence.selector;
        s[3] = this.revokeLicence.selector;
        s[4] = this.warp.selector;
        s[5] = this.register.selector;
        s[6] = this.registerDuplicate.selector;
        s[7] = this.anchorBatch.selector;
        s[8] = this.promote.selector;
    }

    function allSelectors() external pure returns (bytes4[] memory s) {
        s = new bytes4[](15);
        s[0] = this.setTerms.selector;
        s[1] = this.buyLicence.selector;
        s[2] = this.grantLicence.selector;
        s[3] = this.revokeLicence.selector;
        s[4] = this.warp.selector;
        s[5] = this.register.selector;
        s[6] = this.registerDuplicate.selector;
        s[7] = this.anchorBatch.selector;
        s[8] = this.promote.selector;
        s[9] = this.list.selector;
        s[10] = this.delist.selector;
        s[11] = this.mint.selector;
        s[12] = this.settle.selector;
        s[13] = this.withdrawFromRegistry.selector;
        s[14] = this.withdrawFromNft.selector;
    }

    // ================================================================== licensing

    function setTerms(uint256 styleSeed, uint96 fee, uint16 royaltyBps, uint32 duration, uint8 maxTracks, uint8 flags)
        external
        atNow
    {
        uint32 styleId = styles[styleSeed % styles.length];
        LicenceTerms memory t = LicenceTerms({
            fee: uint96(bound(fee, 0, 5 ether)),
            royaltyBps: uint16(bound(royaltyBps, 0, BPS)),
            duration: flags & 8 == 0 ? 0 : uint32(bound(duration, 1, 30 days)),
            maxTracks: uint24(bound(maxTracks, 0, 4)),
            commercial: flags & 1 != 0,
            derivatives: flags & 2 != 0,
            purchasable: flags & 4 == 0 || flags & 16 != 0
        });
        vm.prank(_styles[styleId].artist);
        try reg.setTerms(styleId, t) {
            _styles[styleId].terms = t;
        } catch {
            _err("setTerms reverted");
        }
    }

    function buyLicence(uint256 actorSeed, uint256 styleSeed, bool wrongFee) external atNow {
        address buyer = _actor(actorSeed);
        uint32 styleId = styles[styleSeed % styles.length];
        StyleModel storage s = _styles[styleId];
        LicenceTerms memory t = s.terms;
        (,, uint32 version,) = reg.style(styleId);
        if (wrongFee) {
            uint256 wrong = t.fee == 0 ? 1 : (actorSeed % 2 == 0 ? t.fee - 1 : t.fee + 1);
            vm.deal(buyer, wrong);
            vm.prank(buyer);
            try reg.buyLicence{value: wrong}(styleId, version) {
                _err("buyLicence accepted a wrong fee");
                ghostRegPaidIn += wrong; // keep the books consistent with what happened
                _lics.push(); // keep ids aligned; treated as unusable (licensee zero)
            } catch {}
            return;
        }
        vm.deal(buyer, t.fee);
        vm.prank(buyer);
        try reg.buyLicence{value: t.fee}(styleId, version) returns (uint256 id) {
            if (!t.purchasable) _err("bought a licence of a style that is not purchasable");
            if (id != _lics.length + 1) _err("licence id");
            uint256 end = now_ + t.duration;
            _lics.push(
                LicenceModel({
                    licensee: buyer,
                    styleId: styleId,
                    issuedAt: uint32(now_),
                    expiresAt: t.duration == 0 || end >= LicenceFlags.NEVER ? LicenceFlags.NEVER : uint32(end),
                    revoked: false,
                    revokedAt: 0,
                    cap: t.maxTracks,
                    used: 0,
                    commercial: t.commercial,
                    derivatives: t.derivatives,
                    royaltyBps: t.royaltyBps
                })
            );
            ghostRegPaidIn += t.fee;
            modelRegCredit[s.artist] += t.fee;
            ++callsBuy;
        } catch {
            if (t.purchasable) _err("buyLicence at the right fee reverted");
        }
    }

    function grantLicence(uint256 actorSeed, uint256 styleSeed, uint32 lifetime, uint8 maxTracks, uint16 bps, uint8 flags)
        external
        atNow
    {
        address to = _actor(actorSeed);
        uint32 styleId = styles[styleSeed % styles.length];
        address artist = _styles[styleId].artist;
        uint32 expiresAt = flags & 4 == 0 ? 0 : uint32(now_ + bound(lifetime, 1, 30 days));
        LicenceGrant memory g = LicenceGrant({
            styleId: styleId,
            licensee: to,
            expiresAt: expiresAt,
            maxTracks: uint24(bound(maxTracks, 0, 4)),
            royaltyBps: uint16(bound(bps, 0, BPS)),
            commercial: flags & 1 != 0,
            derivatives: flags & 2 != 0,
            nonce: ++_grantNonce,
            deadline: now_ + 1 hours
        });
        (uint8 v, bytes32 r, bytes32 sig) = vm.sign(_pk[artist], reg.grantDigest(g));
        try reg.grantLicenceBySig(g, abi.encodePacked(r, sig, v)) returns (uint256 id) {
            if (id != _lics.length + 1) _err("granted licence id");
            _lics.push(
                LicenceModel({
                    licensee: to,
                    styleId: styleId,
                    issuedAt: uint32(now_),
                    expiresAt: expiresAt == 0 ? LicenceFlags.NEVER : expiresAt,
                    revoked: false,
                    revokedAt: 0,
                    cap: g.maxTracks,
                    used: 0,
                    commercial: g.commercial,
                    derivatives: g.derivatives,
                    royaltyBps: g.royaltyBps
                })
            );
        } catch {
            _err("grantLicenceBySig reverted");
        }
    }

    function revokeLicence(uint256 licSeed) external atNow {
        if (_lics.length == 0) return;
        uint256 id = licSeed % _lics.length + 1;
        LicenceModel storage l = _lics[id - 1];
        if (l.licensee == address(0)) return;
        vm.prank(_styles[l.styleId].artist);
        try reg.revokeLicence(id) {
            if (l.revoked) _err("revoked a licence twice");
            l.revoked = true;
            l.revokedAt = uint32(now_);
        } catch {
            if (!l.revoked) _err("revokeLicence reverted");
        }
    }

    function warp(uint256 dt) external {
        now_ += bound(dt, 0, 5 days);
        vm.warp(now_);
    }

    // ================================================================== registrations

    function register(uint256 actorSeed, uint256 licSeed, uint256 mode, bytes32 salt) external atNow {
        Rec memory r = _buildRecord(actorSeed, licSeed, mode, salt);
        _tryRegister(r);
    }

    /// Registers again a content hash that is registered, with other fields made up: must always revert.
    function registerDuplicate(uint256 actorSeed, uint256 trackSeed, uint256 licSeed, uint256 mode) external atNow {
        if (_registered.length == 0) return;
        bytes32 c = _registered[trackSeed % _registered.length];
        Rec memory r = _buildRecord(actorSeed, licSeed, mode, bytes32(0));
        r.c = c;
        _tryRegister(r);
    }

    /// Anchors a two-record batch of one registrant; with `mode` bit 8 the first record reuses a registered content.
    function anchorBatch(uint256 actorSeed, uint256 licSeed, uint256 mode, bytes32 salt) external atNow {
        Rec memory a = _buildRecord(actorSeed, licSeed, mode, salt);
        Rec memory b = _buildRecord(actorSeed, licSeed >> 8, mode >> 16, keccak256(abi.encode(salt)));
        b.registrant = a.registrant; // a batch has one registrant; b may now be unlicensed: the model judges it
        if (mode & 256 != 0 && _registered.length != 0) a.c = _registered[(mode >> 9) % _registered.length];
        bytes32[] memory leaves = new bytes32[](2);
        leaves[0] = _toRecord(a).leaf();
        leaves[1] = _toRecord(b).leaf();
        bytes32 root = MerkleBuilder.root(leaves);
        vm.prank(a.registrant);
        try reg.anchorBatch(root, 2, keccak256(abi.encode(leaves))) {
            PendingBatch storage p = _batches.push();
            p.root = root;
            p.anchoredAt = now_;
            p.a = a;
            p.b = b;
        } catch {
            _err("anchorBatch reverted");
        }
    }

    function promote(uint256 batchSeed, bool second, address submitter) external atNow {
        if (_batches.length == 0) return;
        PendingBatch storage p = _batches[batchSeed % _batches.length];
        Rec memory r = second ? p.b : p.a;
        bytes32[] memory leaves = new bytes32[](2);
        leaves[0] = _toRecord(p.a).leaf();
        leaves[1] = _toRecord(p.b).leaf();
        bytes32[] memory proof = MerkleBuilder.proof(leaves, second ? 1 : 0);
        TrackRecord memory rec = _toRecord(r);
        if (!reg.verifyInclusion(p.root, rec, proof)) _err("batched record does not verify");
        (bool allowed, bool duplicate) = _predict(r, p.anchoredAt);
        vm.prank(submitter);
        try reg.promote(p.root, rec, proof) {
            _onRegistered(r, allowed, duplicate);
            ++callsPromoteOk;
        } catch {
            if (allowed) {
                ++ghostUnexpectedFailures;
                lastError = "promote predicted valid reverted";
            }
        }
    }

    // ================================================================== collectibles

    function list(uint256 trackSeed, uint96 price, bool byStranger, uint256 strangerSeed) external atNow {
        if (_registered.length == 0) return;
        bytes32 c = _registered[trackSeed % _registered.length];
        Rec memory r = _recOf[c];
        uint256 tokenId = uint256(c);
        ListingModel storage m = _listings[tokenId];
        price = uint96(bound(price, 0, 3 ether));
        address caller = byStranger ? _actor(strangerSeed) : r.registrant;
        (bool sellable, address artist, uint16 bps) = _royaltyModel(r);
        bool expected = caller == r.registrant && !m.minted && sellable;
        vm.prank(caller);
        try nft.list(_toRecord(r), price) {
            if (!expected) _err("list succeeded against the model");
            if (!m.listed && m.registrant == address(0)) _listedTokens.push(tokenId);
            m.listed = true;
            m.registrant = r.registrant;
            m.price = price;
            m.artist = artist;
            m.royaltyBps = bps;
            Listing memory l = nft.listing(tokenId);
            if (l.price != price || l.artist != artist || l.royaltyBps != bps || l.registrant != r.registrant) {
                _err("listing differs from the model");
            }
        } catch {
            if (expected) _err("list reverted against the model");
        }
    }

    function delist(uint256 tokenSeed) external atNow {
        if (_listedTokens.length == 0) return;
        uint256 tokenId = _listedTokens[tokenSeed % _listedTokens.length];
        ListingModel storage m = _listings[tokenId];
        bool expected = m.listed && !m.minted;
        vm.prank(m.registrant);
        try nft.delist(tokenId) {
            if (!expected) _err("delist succeeded against the model");
            m.listed = false;
        } catch {
            if (expected) _err("delist reverted against the model");
        }
    }

    function mint(uint256 buyerSeed, uint256 tokenSeed, bool wrongPrice) external atNow {
        if (_listedTokens.length == 0) return;
        uint256 tokenId = _listedTokens[tokenSeed % _listedTokens.length];
        ListingModel storage m = _listings[tokenId];
        address buyer = _actor(buyerSeed);
        uint256 value = m.price;
        if (wrongPrice) value = value == 0 || buyerSeed % 2 == 0 ? value + 1 : value - 1;
        bool expected = m.listed && !m.minted && !wrongPrice;
        vm.deal(buyer, value);
        vm.prank(buyer);
        try nft.mint{value: value}(tokenId, buyer) {
            if (!expected) _err("mint succeeded against the model");
            if (m.minted) {
                ghostNftPaidIn += value; // money came in for a token already sold: nobody is owed it
                return;
            }
            m.minted = true;
            _mintedTokens.push(tokenId);
            ghostNftPaidIn += value;
            ghostNftUnsettled += value;
            if (nft.ownerOf(tokenId) != buyer) _err("minted to someone else");
            ++callsMint;
        } catch {
            if (expected) _err("mint reverted against the model");
        }
    }

    function settle(uint256 seedA, uint256 seedB, bool two) external atNow {
        if (_listedTokens.length == 0) return;
        uint256[] memory ids = new uint256[](two ? 2 : 1);
        ids[0] = _pickForSettle(seedA);
        if (two) ids[1] = _pickForSettle(seedB);
        // Settling needs every token sold; tokens already settled (or repeated) are skipped, never paid twice.
        bool expected = true;
        for (uint256 i = 0; i < ids.length; ++i) {
            if (!_listings[ids[i]].minted) expected = false;
        }
        try nft.settle(ids) {
            if (!expected) _err("settle succeeded against the model");
            // The books follow the model, not the call: a token is credited once, when the model says it is sold
            // and unsettled (so a double settlement would show up as credits exceeding the money paid in).
            for (uint256 i = 0; i < ids.length; ++i) {
                ListingModel storage m = _listings[ids[i]];
                if (!m.minted || m.settled) continue;
                m.settled = true;
                uint256 artistShare = uint256(m.price) * m.royaltyBps / BPS;
                modelNftCredit[m.artist] += artistShare;
                modelNftCredit[m.registrant] += m.price - artistShare;
                ghostNftUnsettled -= m.price;
            }
            ++callsSettle;
        } catch {
            if (expected) _err("settle reverted against the model");
        }
    }

    function withdrawFromRegistry(uint256 actorSeed) external atNow {
        address a = _payee(actorSeed, false);
        uint256 amount = reg.withdrawable(a);
        if (amount != modelRegCredit[a]) _err("registry credit differs from the model");
        uint256 before = a.balance;
        vm.prank(a);
        try reg.withdraw(payable(a)) {
            if (amount == 0) _err("withdrew nothing without reverting");
            if (a.balance != before + amount) _err("registry paid a wrong amount");
            if (reg.withdrawable(a) != 0) _err("credit left after withdraw");
            ghostRegWithdrawn += amount;
            modelRegCredit[a] = 0;
            ++callsWithdraw;
        } catch {
            if (amount != 0) _err("registry withdraw reverted");
        }
    }

    function withdrawFromNft(uint256 actorSeed) external atNow {
        address a = _payee(actorSeed, true);
        uint256 amount = nft.withdrawable(a);
        if (amount != modelNftCredit[a]) _err("nft credit differs from the model");
        uint256 before = a.balance;
        vm.prank(a);
        try nft.withdraw(payable(a)) {
            if (amount == 0) _err("withdrew nothing without reverting");
            if (a.balance != before + amount) _err("nft paid a wrong amount");
            if (nft.withdrawable(a) != 0) _err("credit left after withdraw");
            ghostNftWithdrawn += amount;
            modelNftCredit[a] = 0;
            ++callsWithdraw;
        } catch {
            if (amount != 0) _err("nft withdraw reverted");
        }
    }

    // ================================================================== views for the invariants

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function sumRegistryWithdrawable() external view returns (uint256 sum) {
        for (uint256 i = 0; i < actors.length; ++i) sum += reg.withdrawable(actors[i]);
    }

    function sumNftWithdrawable() external view returns (uint256 sum) {
        for (uint256 i = 0; i < actors.length; ++i) sum += nft.withdrawable(actors[i]);
    }

    function creditsMatchModel() external view returns (bool) {
        for (uint256 i = 0; i < actors.length; ++i) {
            address a = actors[i];
            if (reg.withdrawable(a) != modelRegCredit[a] || nft.withdrawable(a) != modelNftCredit[a]) return false;
        }
        return true;
    }

    /// Content hashes (of all those the handler ever used) that have a record on-chain.
    function countRegisteredOnChain() external view returns (uint256 n) {
        for (uint256 i = 0; i < _allHashes.length; ++i) if (reg.recordHashOf(_allHashes[i]) != bytes32(0)) ++n;
    }

    function storedHashesMatch() external view returns (bool) {
        for (uint256 i = 0; i < _registered.length; ++i) {
            bytes32 c = _registered[i];
            if (reg.recordHashOf(c) != _toRecord(_recOf[c]).hash()) return false;
        }
        return true;
    }

    function licenceCountersMatch() external view returns (bool) {
        for (uint256 i = 0; i < _lics.length; ++i) {
            LicenceModel storage m = _lics[i];
            if (m.licensee == address(0)) continue;
            if (m.cap != 0 && m.used > m.cap) return false;
            Licence memory l = reg.licence(i + 1);
            uint24 expected = m.cap == 0 ? LicenceFlags.UNLIMITED : m.cap - m.used;
            if (l.remaining != expected || l.licensee != m.licensee || l.styleId != m.styleId) return false;
        }
        return true;
    }

    function licenceCount() external view returns (uint256) {
        return _lics.length;
    }

    function registeredCount() external view returns (uint256) {
        return _registered.length;
    }

    // ================================================================== internals

    function _newStyle(uint256 artistIdx, LicenceTerms memory t) private {
        address artist = actors[artistIdx];
        vm.prank(artist);
        uint32 id = uint32(reg.registerStyle("ipfs://style", t));
        styles.push(id);
        _styles[id].artist = artist;
        _styles[id].terms = t;
    }

    function _actor(uint256 pick) private view returns (address) {
        return actors[pick % actors.length];
    }

    /// Three times in four a minted token (settled or not), else any listed token.
    function _pickForSettle(uint256 pick) private view returns (uint256) {
        if (pick % 4 != 0 && _mintedTokens.length != 0) return _mintedTokens[(pick >> 2) % _mintedTokens.length];
        return _listedTokens[pick % _listedTokens.length];
    }

    /// Three times in four an actor with a credit (when there is one), else any actor.
    function _payee(uint256 pick, bool fromNft) private view returns (address) {
        if (pick % 4 != 0) {
            for (uint256 i = 0; i < actors.length; ++i) {
                address a = actors[(pick + i) % actors.length];
                if ((fromNft ? modelNftCredit[a] : modelRegCredit[a]) != 0) return a;
            }
        }
        return _actor(pick);
    }

    function _err(string memory what) private {
        ++ghostErrors;
        lastError = what;
    }

    function _fresh(bytes32 salt) private returns (bytes32 c) {
        c = keccak256(abi.encode(salt, ++_salt));
        _allHashes.push(c);
    }

    /// A structurally valid record (kind, parents and style/licence shape always fit), whose licence may or may not
    /// be valid: `mode % 8` picks the shape.
    function _buildRecord(uint256 actorSeed, uint256 licSeed, uint256 mode, bytes32 salt)
        private
        returns (Rec memory r)
    {
        r.c = _fresh(salt);
        r.digest = keccak256(abi.encode("manifest", r.c));
        r.registrant = _actor(actorSeed);
        r.kind = TrackKind.Original;
        uint256 shape = mode % 8;
        bool parentAvailable = _registered.length != 0;
        if (shape <= 4 && _lics.length != 0) {
            uint256 id = licSeed % _lics.length + 1;
            LicenceModel storage l = _lics[id - 1];
            r.licenceId = uint64(id);
            r.styleId = l.styleId;
            r.kind = TrackKind.Generated;
            if (shape <= 2 && l.licensee != address(0)) r.registrant = l.licensee; // mostly its licensee
            if (shape == 3 && parentAvailable) {
                r.kind = TrackKind.Derivative;
                r.hasParent = true;
                r.parent = _registered[(mode >> 3) % _registered.length];
                if (l.licensee != address(0)) r.registrant = l.licensee;
            }
            if (shape == 4) r.styleId = styles[(mode >> 3) % styles.length]; // maybe the wrong style
        } else if (shape == 5) {
            r.styleId = styles[(mode >> 3) % styles.length];
            r.kind = TrackKind.Generated;
            if ((mode >> 6) % 2 == 0) r.registrant = _styles[r.styleId].artist; // an artist's own track
        } else if (shape == 6 && parentAvailable) {
            r.kind = TrackKind.Derivative;
            r.hasParent = true;
            r.parent = _registered[(mode >> 3) % _registered.length];
        } else if (shape == 7) {
            r.styleId = styles[(mode >> 3) % styles.length];
            r.kind = TrackKind.Generated;
            r.licenceId = uint64(_lics.length + 1 + (mode >> 6) % 3); // not issued (yet)
        }
    }

    function _toRecord(Rec memory r) private pure returns (TrackRecord memory t) {
        t.contentHash = r.c;
        t.registrant = r.registrant;
        t.kind = r.kind;
        t.styleId = r.styleId;
        t.licenceId = r.licenceId;
        t.parents = new bytes32[](r.hasParent ? 1 : 0);
        if (r.hasParent) t.parents[0] = r.parent;
        t.manifestDigest = r.digest;
    }

    /// Whether the model allows registering `r` with its licence judged at `at` (cap judged now), and whether the
    /// content is already registered.
    function _predict(Rec memory r, uint256 at) private view returns (bool allowed, bool duplicate) {
        if (_isRegistered[r.c]) return (false, true);
        if (r.styleId == 0) return (r.licenceId == 0, false);
        if (r.licenceId == 0) return (r.registrant == _styles[r.styleId].artist, false);
        if (r.licenceId > _lics.length) return (false, false);
        LicenceModel storage l = _lics[r.licenceId - 1];
        if (l.licensee == address(0) || l.licensee != r.registrant || l.styleId != r.styleId) return (false, false);
        if (at < l.issuedAt) return (false, false); // not issued yet at that time
        if (at >= l.expiresAt) return (false, false); // expired
        if (l.revoked && l.revokedAt <= at) return (false, false); // revoked by then
        if (r.hasParent && !l.derivatives) return (false, false);
        if (l.cap != 0 && l.used >= l.cap) return (false, false);
        return (true, false);
    }

    function _tryRegister(Rec memory r) private {
        (bool allowed, bool duplicate) = _predict(r, now_);
        bytes32[] memory parents = new bytes32[](r.hasParent ? 1 : 0);
        if (r.hasParent) parents[0] = r.parent;
        vm.prank(r.registrant);
        try reg.register(r.c, r.kind, r.styleId, r.licenceId, parents, r.digest) {
            _onRegistered(r, allowed, duplicate);
            ++callsRegisterOk;
        } catch {
            if (allowed) {
                ++ghostUnexpectedFailures;
                lastError = "register predicted valid reverted";
            }
        }
    }

    function _onRegistered(Rec memory r, bool allowed, bool duplicate) private {
        ++ghostRegistrations;
        if (duplicate) ++ghostDuplicateSuccesses;
        else if (!allowed) ++ghostInvalidLicenceSuccesses;
        if (!_isRegistered[r.c]) {
            _isRegistered[r.c] = true;
            _registered.push(r.c);
            _recOf[r.c] = r;
        }
        if (r.licenceId != 0 && r.licenceId <= _lics.length) {
            LicenceModel storage l = _lics[r.licenceId - 1];
            if (l.cap != 0) ++l.used;
        }
    }

    /// What `TrackNFT.list` should snapshot: (may it be sold, artist, royalty rate).
    function _royaltyModel(Rec memory r) private view returns (bool, address, uint16) {
        if (r.styleId == 0) return (true, r.registrant, 0);
        StyleModel storage s = _styles[r.styleId];
        if (r.licenceId == 0) return (true, s.artist, s.terms.royaltyBps);
        LicenceModel storage l = _lics[r.licenceId - 1];
        // A licensed track sells only under a commercial licence that is not revoked (expired is fine).
        return (l.commercial && !l.revoked, s.artist, l.royaltyBps);
    }
}
