// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IStyleRegistry, LicenceGrant} from "../interfaces/IStyleRegistry.sol";
import {LicenceTerms} from "../types/LicenceTerms.sol";
import {Licence, LicenceFlags} from "../types/Licence.sol";
import {PullPayments} from "../payments/PullPayments.sol";

/// @title Style registry
/// @notice Artists register styles with licence terms; licences are bought on-chain (the fee is credited to the artist)
/// or granted by the artist's EIP-712 signature. The track registry consumes licences through `_consumeLicence`.
abstract contract StyleRegistry is IStyleRegistry, EIP712, Pausable, PullPayments {
    struct StyleData {
        address artist;
        uint32 termsVersion;
        LicenceTerms terms;
        string metadataURI;
    }

    bytes32 private constant _GRANT_TYPEHASH = keccak256(
        "LicenceGrant(uint256 styleId,address licensee,uint32 expiresAt,uint24 maxTracks,uint16 royaltyBps,bool commercial,bool derivatives,uint256 nonce,uint256 deadline)"
    );
    uint16 private constant _MAX_BPS = 10_000;

    uint32 private _styleCount;
    uint64 private _licenceCount;
    mapping(uint256 styleId => StyleData) private _styles;
    mapping(uint256 licenceId => Licence) private _licences;
    mapping(uint256 styleId => mapping(address account => uint64 licenceId)) private _latestLicence;
    mapping(address artist => mapping(uint256 nonce => bool)) private _nonceUsed;

    modifier onlyArtist(uint256 styleId) {
        address artist = _styles[styleId].artist;
        if (artist == address(0)) revert StyleRegistryUnknownStyle(styleId);
        if (artist != msg.sender) revert StyleRegistryNotArtist(styleId, msg.sender);
        _;
    }

    /// @inheritdoc IStyleRegistry
    function registerStyle(string calldata metadataURI, LicenceTerms calldata terms)
        external
        whenNotPaused
        returns (uint256 styleId)
    {
        _validateTerms(terms.royaltyBps, terms.maxTracks);
        styleId = ++_styleCount;
        StyleData storage s = _styles[styleId];
        s.artist = msg.sender;
        s.termsVersion = 1;
        s.terms = terms;
        s.metadataURI = metadataURI;
        emit StyleRegistered(styleId, msg.sender, metadataURI, terms);
    }

    /// @inheritdoc IStyleRegistry
    function setTerms(uint256 styleId, LicenceTerms calldata terms) external whenNotPaused onlyArtist(styleId) {
        _validateTerms(terms.royaltyBps, terms.maxTracks);
        StyleData storage s = _styles[styleId];
        s.terms = terms;
        uint32 version = ++s.termsVersion;
        emit StyleTermsUpdated(styleId, version, terms);
    }

    /// @inheritdoc IStyleRegistry
    function setStyleMetadata(uint256 styleId, string calldata metadataURI) external whenNotPaused onlyArtist(styleId) {
        _styles[styleId].metadataURI = metadataURI;
        emit StyleMetadataUpdated(styleId, metadataURI);
    }

    /// @inheritdoc IStyleRegistry
    function buyLicence(uint256 styleId, uint32 termsVersion) external payable whenNotPaused returns (uint256 licenceId) {
        StyleData storage s = _styles[styleId];
        address artist = s.artist;
        if (artist == address(0)) revert StyleRegistryUnknownStyle(styleId);
        if (s.termsVersion != termsVersion) revert StyleRegistryTermsChanged(styleId, termsVersion, s.termsVersion);
        LicenceTerms memory t = s.terms;
        if (!t.purchasable) revert StyleRegistryNotPurchasable(styleId);
        if (msg.value != t.fee) revert StyleRegistryWrongFee(styleId, t.fee, msg.value);
        uint32 expiresAt = LicenceFlags.NEVER;
        if (t.duration != 0) {
            uint256 end = block.timestamp + t.duration;
            if (end < LicenceFlags.NEVER) expiresAt = uint32(end);
        }
        licenceId = _issue(
            styleId, msg.sender, expiresAt, t.maxTracks, t.royaltyBps, t.commercial, t.derivatives, false, t.fee
        );
        _credit(artist, msg.value);
    }

    /// @inheritdoc IStyleRegistry
    function grantLicenceBySig(LicenceGrant calldata grant, bytes calldata signature)
        external
        whenNotPaused
        returns (uint256 licenceId)
    {
        if (block.timestamp > grant.deadline) revert StyleRegistryGrantExpired(grant.deadline);
        address artist = _styles[grant.styleId].artist;
        if (artist == address(0)) revert StyleRegistryUnknownStyle(grant.styleId);
        if (grant.licensee == address(0)) revert StyleRegistryZeroAddress();
        if (grant.expiresAt != 0 && grant.expiresAt <= block.timestamp) {
            revert StyleRegistryInvalidExpiry(grant.expiresAt);
        }
        _validateTerms(grant.royaltyBps, grant.maxTracks);
        if (_nonceUsed[artist][grant.nonce]) revert StyleRegistryNonceUsed(artist, grant.nonce);
        if (!SignatureChecker.isValidSignatureNow(artist, grantDigest(grant), signature)) {
            revert StyleRegistryInvalidSignature();
        }
        _nonceUsed[artist][grant.nonce] = true;
        licenceId = _issue(
            grant.styleId,
            grant.licensee,
            grant.expiresAt == 0 ? LicenceFlags.NEVER : grant.expiresAt,
            grant.maxTracks,
            grant.royaltyBps,
            grant.commercial,
            grant.derivatives,
            true,
            0
        );
    }

    /// @inheritdoc IStyleRegistry
    function cancelNonce(uint256 nonce) external {
        if (_nonceUsed[msg.sender][nonce]) revert StyleRegistryNonceUsed(msg.sender, nonce);
        _nonceUsed[msg.sender][nonce] = true;
        emit NonceCancelled(msg.sender, nonce);
    }

    /// @inheritdoc IStyleRegistry
    function revokeLicence(uint256 licenceId) external {
        Licence storage l = _licences[licenceId];
        if (l.licensee == address(0)) revert StyleRegistryUnknownLicence(licenceId);
        uint256 styleId = l.styleId;
        if (_styles[styleId].artist != msg.sender) revert StyleRegistryNotArtist(styleId, msg.sender);
        if (l.flags & LicenceFlags.REVOKED != 0) revert StyleRegistryLicenceAlreadyRevoked(licenceId);
        l.flags |= LicenceFlags.REVOKED;
        uint32 now32 = uint32(block.timestamp);
        if (l.expiresAt > now32) l.expiresAt = now32;
        emit LicenceRevoked(licenceId, styleId, now32);
    }

    /// @inheritdoc IStyleRegistry
    function isLicensed(uint256 styleId, address account) external view returns (bool) {
        uint64 id = _latestLicence[styleId][account];
        if (id == 0) return false;
        Licence storage l = _licences[id];
        return block.timestamp < l.expiresAt && l.remaining != 0;
    }

    /// @inheritdoc IStyleRegistry
    function licence(uint256 licenceId) external view returns (Licence memory) {
        Licence memory l = _licences[licenceId];
        if (l.licensee == address(0)) revert StyleRegistryUnknownLicence(licenceId);
        return l;
    }

    /// @inheritdoc IStyleRegistry
    function style(uint256 styleId)
        external
        view
        returns (address artist, LicenceTerms memory terms, uint32 termsVersion, string memory metadataURI)
    {
        StyleData storage s = _styles[styleId];
        if (s.artist == address(0)) revert StyleRegistryUnknownStyle(styleId);
        return (s.artist, s.terms, s.termsVersion, s.metadataURI);
    }

    /// @inheritdoc IStyleRegistry
    function nonceUsed(address artist, uint256 nonce) external view returns (bool) {
        return _nonceUsed[artist][nonce];
    }

    /// @inheritdoc IStyleRegistry
    function grantDigest(LicenceGrant calldata g) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    _GRANT_TYPEHASH,
                    g.styleId,
                    g.licensee,
                    g.expiresAt,
                    g.maxTracks,
                    g.royaltyBps,
                    g.commercial,
                    g.derivatives,
                    g.nonce,
                    g.deadline
                )
            )
        );
    }

    /// @dev The artist of a style, or zero for an unknown style.
    function _artistOf(uint256 styleId) internal view returns (address) {
        return _styles[styleId].artist;
    }

    /// @dev Checks that `licenceId` lets `registrant` register one track of `styleId` at time `at`, and counts it.
    /// Reads and writes only the licence's first slot unless `at` is in the past (a batch promotion).
    function _consumeLicence(uint256 licenceId, address registrant, uint256 styleId, uint256 at, bool derivative)
        internal
    {
        Licence storage l = _licences[licenceId];
        uint256 head;
        assembly ("memory-safe") {
            head := sload(l.slot)
        }
        // Slot 0 layout (see Licence.sol): licensee | styleId << 160 | expiresAt << 192 | remaining << 224 | flags << 248
        address licensee = address(uint160(head));
        if (licensee == address(0)) revert StyleRegistryUnknownLicence(licenceId);
        if (licensee != registrant) revert StyleRegistryNotLicensee(licenceId, registrant);
        if (uint32(head >> 160) != styleId) revert StyleRegistryWrongStyle(licenceId, styleId);
        uint8 flags = uint8(head >> 248);
        uint32 expiresAt = uint32(head >> 192);
        if (at >= expiresAt) {
            if (flags & LicenceFlags.REVOKED != 0) revert StyleRegistryLicenceRevoked(licenceId);
            revert StyleRegistryLicenceExpired(licenceId, expiresAt);
        }
        if (at < block.timestamp && at < l.issuedAt) revert StyleRegistryLicenceNotYetIssued(licenceId, l.issuedAt);
        if (derivative && flags & LicenceFlags.DERIVATIVES == 0) revert StyleRegistryDerivativesNotAllowed(licenceId);
        uint24 remaining = uint24(head >> 224);
        if (remaining != LicenceFlags.UNLIMITED) {
            if (remaining == 0) revert StyleRegistryTrackCapReached(licenceId);
            // remaining sits below flags: subtracting 1 << 224 decrements it without touching other fields.
            assembly ("memory-safe") {
                sstore(l.slot, sub(head, shl(224, 1)))
            }
        }
    }

    function _issue(
        uint256 styleId,
        address licensee,
        uint32 expiresAt,
        uint24 maxTracks,
        uint16 royaltyBps,
        bool commercial,
        bool derivatives,
        bool bySignature,
        uint256 feePaid
    ) private returns (uint256 licenceId) {
        uint64 id = ++_licenceCount;
        uint8 flags = (commercial ? LicenceFlags.COMMERCIAL : 0) | (derivatives ? LicenceFlags.DERIVATIVES : 0)
            | (bySignature ? LicenceFlags.BY_SIGNATURE : 0);
        _licences[id] = Licence({
            licensee: licensee,
            styleId: uint32(styleId),
            expiresAt: expiresAt,
            remaining: maxTracks == 0 ? LicenceFlags.UNLIMITED : maxTracks,
            flags: flags,
            feePaid: uint96(feePaid),
            royaltyBps: royaltyBps,
            issuedAt: uint32(block.timestamp)
        });
        _latestLicence[styleId][licensee] = id;
        emit LicenceIssued(
            id, styleId, licensee, expiresAt, maxTracks, royaltyBps, commercial, derivatives, bySignature, feePaid
        );
        return id;
    }

    function _validateTerms(uint16 royaltyBps, uint24 maxTracks) private pure {
        if (royaltyBps > _MAX_BPS || maxTracks == LicenceFlags.UNLIMITED) revert StyleRegistryInvalidTerms();
    }
}
