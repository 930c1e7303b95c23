// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {LicenceTerms} from "../types/LicenceTerms.sol";
import {Licence} from "../types/Licence.sol";

/// @notice A licence an artist grants off-chain by signing it (EIP-712); anyone may submit the signature.
struct LicenceGrant {
    uint256 styleId;
    address licensee;
    /// Unix time the licence ends; 0 means never.
    uint32 expiresAt;
    /// Most tracks the licence may register; 0 means no cap.
    uint24 maxTracks;
    uint16 royaltyBps;
    bool commercial;
    bool derivatives;
    /// Any unused number chosen by the artist; each may be used once (see `cancelNonce`).
    uint256 nonce;
    /// The signature is refused after this Unix time.
    uint256 deadline;
}

/// @title Styles, their licence terms and the licences issued under them.
interface IStyleRegistry {
    /// @notice No style has this id.
    error StyleRegistryUnknownStyle(uint256 styleId);
    /// @notice Only the style's artist may do this.
    error StyleRegistryNotArtist(uint256 styleId, address caller);
    /// @notice Royalty above 100% (10,000 basis points), or a track cap too large to store.
    error StyleRegistryInvalidTerms();
    /// @notice The style's licences are not sold on-chain; ask the artist for a signed grant.
    error StyleRegistryNotPurchasable(uint256 styleId);
    /// @notice The style's terms changed since the buyer read them (`termsVersion` is not the current one).
    error StyleRegistryTermsChanged(uint256 styleId, uint32 expected, uint32 current);
    /// @notice The value sent is not the style's licence fee.
    error StyleRegistryWrongFee(uint256 styleId, uint256 expected, uint256 sent);
    /// @notice The signed grant's deadline has passed.
    error StyleRegistryGrantExpired(uint256 deadline);
    /// @notice The grant's expiry is not in the future.
    error StyleRegistryInvalidExpiry(uint32 expiresAt);
    /// @notice The signature is not the style artist's over this grant.
    error StyleRegistryInvalidSignature();
    /// @notice The artist already used or cancelled this nonce.
    error StyleRegistryNonceUsed(address artist, uint256 nonce);
    /// @notice The licensee or another address argument is the zero address.
    error StyleRegistryZeroAddress();
    /// @notice No licence has this id.
    error StyleRegistryUnknownLicence(uint256 licenceId);
    /// @notice The licence was already revoked.
    error StyleRegistryLicenceAlreadyRevoked(uint256 licenceId);
    /// @notice The licence belongs to another account.
    error StyleRegistryNotLicensee(uint256 licenceId, address account);
    /// @notice The licence is for another style.
    error StyleRegistryWrongStyle(uint256 licenceId, uint256 styleId);
    /// @notice The licence was revoked by the artist.
    error StyleRegistryLicenceRevoked(uint256 licenceId);
    /// @notice The licence expired before the time it is checked at.
    error StyleRegistryLicenceExpired(uint256 licenceId, uint256 expiresAt);
    /// @notice The licence did not exist yet at the time it is checked at.
    error StyleRegistryLicenceNotYetIssued(uint256 licenceId, uint256 issuedAt);
    /// @notice The licence does not allow derivative tracks.
    error StyleRegistryDerivativesNotAllowed(uint256 licenceId);
    /// @notice The licence registered its maximum number of tracks.
    error StyleRegistryTrackCapReached(uint256 licenceId);

    /// @notice A style was registered.
    event StyleRegistered(uint256 indexed styleId, address indexed artist, string metadataURI, LicenceTerms terms);
    /// @notice The style's metadata moved (a new CID).
    event StyleMetadataUpdated(uint256 indexed styleId, string metadataURI);
    /// @notice Licences issued from now on use these terms.
    event StyleTermsUpdated(uint256 indexed styleId, uint32 termsVersion, LicenceTerms terms);
    /// @notice A licence was issued (bought, or granted by signature when `bySignature`).
    event LicenceIssued(
        uint256 indexed licenceId,
        uint256 indexed styleId,
        address indexed licensee,
        uint32 expiresAt,
        uint24 maxTracks,
        uint16 royaltyBps,
        bool commercial,
        bool derivatives,
        bool bySignature,
        uint256 feePaid
    );
    /// @notice The artist revoked a licence; it stops registering tracks now.
    event LicenceRevoked(uint256 indexed licenceId, uint256 indexed styleId, uint32 revokedAt);
    /// @notice The artist made a grant nonce unusable.
    event NonceCancelled(address indexed artist, uint256 nonce);

    /// @notice Registers a style owned by the caller. Anyone may call.
    /// @return styleId The new style's id (from 1).
    function registerStyle(string calldata metadataURI, LicenceTerms calldata terms) external returns (uint256 styleId);

    /// @notice Sets the terms of future licences. Style artist only.
    function setTerms(uint256 styleId, LicenceTerms calldata terms) external;

    /// @notice Points the style at new metadata. Style artist only.
    function setStyleMetadata(uint256 styleId, string calldata metadataURI) external;

    /// @notice Buys a licence at the style's fee, which is credited to the artist (pull payment). `termsVersion` is the
    /// version the buyer agreed to: if the artist changed the terms since, the purchase reverts, so terms cannot be
    /// swapped under a pending purchase.
    function buyLicence(uint256 styleId, uint32 termsVersion) external payable returns (uint256 licenceId);

    /// @notice Issues a licence the artist signed (EIP-712 `LicenceGrant`). Anyone may submit it.
    function grantLicenceBySig(LicenceGrant calldata grant, bytes calldata signature) external returns (uint256 licenceId);

    /// @notice Makes a grant nonce unusable. Caller is the artist.
    function cancelNonce(uint256 nonce) external;

    /// @notice Revokes a licence now. Style artist only.
    function revokeLicence(uint256 licenceId) external;

    /// @notice Whether `account` holds a valid licence (the latest issued to it) for the style now.
    function isLicensed(uint256 styleId, address account) external view returns (bool);

    /// @notice The licence, all fields. Reverts for an unknown id.
    function licence(uint256 licenceId) external view returns (Licence memory);

    /// @notice The style's artist, terms, terms version and metadata.
    function style(uint256 styleId)
        external
        view
        returns (address artist, LicenceTerms memory terms, uint32 termsVersion, string memory metadataURI);

    /// @notice Whether the artist used or cancelled `nonce`.
    function nonceUsed(address artist, uint256 nonce) external view returns (bool);

    /// @notice The EIP-712 digest the artist signs for `grant`.
    function grantDigest(LicenceGrant calldata grant) external view returns (bytes32);
}
