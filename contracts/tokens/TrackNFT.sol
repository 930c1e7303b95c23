// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IERC2981} from "@openzeppelin/contracts/interfaces/IERC2981.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ITrackNFT, Listing} from "../interfaces/ITrackNFT.sol";
import {ITrackRegistry} from "../interfaces/ITrackRegistry.sol";
import {IStyleRegistry} from "../interfaces/IStyleRegistry.sol";
import {TrackRecord, TrackRecordHash} from "../types/TrackRecord.sol";
import {LicenceTerms} from "../types/LicenceTerms.sol";
import {Licence, LicenceFlags} from "../types/Licence.sol";
import {PullPayments} from "../payments/PullPayments.sol";
import {CIDv1} from "../utils/CIDv1.sol";

/// @title Collectible tracks
/// @notice A registered track is minted once, as the token `uint256(contentHash)`. Its registrant lists it at a price;
/// a collector pays and mints; `settle` credits the artist `royaltyBps` of the price and the registrant the rest, and
/// each withdraws (pull payments). ERC-2981 royalties on resales go to the artist at the licence's rate.
contract TrackNFT is ITrackNFT, ERC721, IERC2981, AccessControl, Pausable, PullPayments {
    using TrackRecordHash for TrackRecord;

    /// @notice May pause and unpause listing and minting.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    uint256 private constant _BPS = 10_000;

    /// @notice The registry holding track records, styles and licences.
    address public immutable registry;

    mapping(uint256 tokenId => Listing) private _listings;

    constructor(address registry_, address admin) ERC721("Soundmark Track", "SMT") {
        registry = registry_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PAUSER_ROLE, admin);
    }

    /// @inheritdoc ITrackNFT
    function list(TrackRecord calldata record, uint96 price) external whenNotPaused {
        bytes32 contentHash = record.contentHash;
        if (record.registrant != msg.sender) revert TrackNFTNotRegistrant(contentHash, msg.sender);
        bytes32 stored = ITrackRegistry(registry).recordHashOf(contentHash);
        if (stored == bytes32(0) || stored != record.hash()) revert TrackNFTUnknownRecord(contentHash);
        uint256 tokenId = uint256(contentHash);
        if (_ownerOf(tokenId) != address(0)) revert TrackNFTAlreadyMinted(tokenId);

        (address artist, uint16 royaltyBps) = _royaltyTerms(record);
        _listings[tokenId] = Listing({
            registrant: msg.sender,
            price: price,
            manifestDigest: record.manifestDigest,
            artist: artist,
            royaltyBps: royaltyBps,
            settled: false
        });
        emit TrackListed(tokenId, msg.sender, price, artist, royaltyBps);
    }

    /// @inheritdoc ITrackNFT
    function delist(uint256 tokenId) external {
        Listing storage l = _listings[tokenId];
        if (l.registrant == address(0)) revert TrackNFTNotListed(tokenId);
        if (l.registrant != msg.sender) revert TrackNFTNotRegistrant(bytes32(tokenId), msg.sender);
        if (_ownerOf(tokenId) != address(0)) revert TrackNFTAlreadyMinted(tokenId);
        delete _listings[tokenId];
        emit TrackDelisted(tokenId);
    }

    /// @inheritdoc ITrackNFT
    function mint(uint256 tokenId, address to) external payable whenNotPaused {
        Listing storage l = _listings[tokenId];
        if (l.registrant == address(0)) revert TrackNFTNotListed(tokenId);
        uint96 price = l.price;
        if (msg.value != price) revert TrackNFTWrongPrice(tokenId, price, msg.value);
        if (_ownerOf(tokenId) != address(0)) revert TrackNFTAlreadyMinted(tokenId);
        emit TrackSold(tokenId, to, price);
        _safeMint(to, tokenId);
    }

    /// @inheritdoc ITrackNFT
    function settle(uint256[] calldata tokenIds) external {
        for (uint256 i = 0; i < tokenIds.length; ++i) {
            uint256 tokenId = tokenIds[i];
            Listing storage l = _listings[tokenId];
            if (_ownerOf(tokenId) == address(0)) revert TrackNFTNotSettleable(tokenId);
            if (l.settled) continue;
            l.settled = true;
            uint256 price = l.price;
            uint256 artistShare = price * l.royaltyBps / _BPS;
            uint256 registrantShare = price - artistShare;
            emit SaleSettled(tokenId, l.artist, artistShare, l.registrant, registrantShare);
            _credit(l.artist, artistShare);
            _credit(l.registrant, registrantShare);
        }
    }

    /// @notice Stops listing and minting.
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @notice Resumes listing and minting.
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    /// @inheritdoc ITrackNFT
    function listing(uint256 tokenId) external view returns (Listing memory) {
        return _listings[tokenId];
    }

    /// @inheritdoc IERC2981
    function royaltyInfo(uint256 tokenId, uint256 salePrice) external view returns (address, uint256) {
        Listing storage l = _listings[tokenId];
        return (l.artist, salePrice * l.royaltyBps / _BPS);
    }

    /// @notice `ipfs://` + the CIDv1 of the track's manifest.
    function tokenURI(uint256 tokenId) public view override returns (string memory) {
        _requireOwned(tokenId);
        return string.concat("ipfs://", CIDv1.rawSha256(_listings[tokenId].manifestDigest));
    }

    function supportsInterface(bytes4 interfaceId)
        public
        view
        override(ERC721, AccessControl, IERC165)
        returns (bool)
    {
        return interfaceId == type(IERC2981).interfaceId || super.supportsInterface(interfaceId);
    }

    /// @dev Who gets royalties and at what rate: the licence's snapshot for licensed tracks (which must allow
    /// commercial use and not be revoked; an expired licence still covers what was made under it), the style's current terms for the artist's own tracks, nothing for unstyled tracks.
    function _royaltyTerms(TrackRecord calldata record) private view returns (address artist, uint16 royaltyBps) {
        if (record.styleId == 0) return (record.registrant, 0);
        IStyleRegistry styles = IStyleRegistry(registry);
        LicenceTerms memory terms;
        (artist, terms,,) = styles.style(record.styleId);
        if (record.licenceId == 0) return (artist, terms.royaltyBps);
        Licence memory l = styles.licence(record.licenceId);
        if (l.flags & LicenceFlags.COMMERCIAL == 0) revert TrackNFTNotCommercial(record.licenceId);
        if (l.flags & LicenceFlags.REVOKED != 0) revert TrackNFTLicenceRevoked(record.licenceId);
        return (artist, l.royaltyBps);
    }
}
