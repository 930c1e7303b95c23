// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TrackRecord} from "../types/TrackRecord.sol";

/// @notice A registered track offered for minting. Token id = uint256(content hash).
/// @dev slot 0: registrant (160) | price (96); slot 1: manifestDigest; slot 2: artist (160) | royaltyBps (16) | settled (8).
/// Minting reads only slot 0, so a sale costs the ERC-721 mint and little more; the split is credited by `settle`.
struct Listing {
    address registrant;
    uint96 price;
    bytes32 manifestDigest;
    address artist;
    uint16 royaltyBps;
    bool settled;
}

/// @title Collectible registered tracks: ERC-721 + ERC-2981, royalties to the style's artist.
interface ITrackNFT {
    /// @notice Only the track's registrant may list or delist it.
    error TrackNFTNotRegistrant(bytes32 contentHash, address caller);
    /// @notice The record is not the registered record of its content.
    error TrackNFTUnknownRecord(bytes32 contentHash);
    /// @notice The track's licence does not allow commercial use.
    error TrackNFTNotCommercial(uint256 licenceId);
    /// @notice The artist revoked the licence the track was made under.
    error TrackNFTLicenceRevoked(uint256 licenceId);
    /// @notice The track is already minted.
    error TrackNFTAlreadyMinted(uint256 tokenId);
    /// @notice The track is not listed.
    error TrackNFTNotListed(uint256 tokenId);
    /// @notice The value sent is not the price.
    error TrackNFTWrongPrice(uint256 tokenId, uint256 price, uint256 sent);
    /// @notice Settling a token that is not sold yet.
    error TrackNFTNotSettleable(uint256 tokenId);

    /// @notice The registrant offered the track at `price`; on sale `royaltyBps` of it go to `artist`.
    event TrackListed(uint256 indexed tokenId, address indexed registrant, uint96 price, address artist, uint16 royaltyBps);
    /// @notice The registrant withdrew the offer.
    event TrackDelisted(uint256 indexed tokenId);
    /// @notice A collector paid `price` and the token was minted to `to`.
    event TrackSold(uint256 indexed tokenId, address indexed to, uint96 price);
    /// @notice The sale's proceeds were credited to the artist and the registrant.
    event SaleSettled(uint256 indexed tokenId, address artist, uint256 artistShare, address registrant, uint256 registrantShare);

    /// @notice Offers a registered track for minting at `price` wei (0: free). Registrant only; overrides an earlier offer.
    function list(TrackRecord calldata record, uint96 price) external;

    /// @notice Withdraws the offer. Registrant only, before the sale.
    function delist(uint256 tokenId) external;

    /// @notice Pays the price and mints the track's token to `to`.
    function mint(uint256 tokenId, address to) external payable;

    /// @notice Credits the proceeds of sold tokens to their artists and registrants. Anyone may call. Tokens already
    /// settled are skipped, so a batch cannot be blocked by settling one of its tokens first.
    function settle(uint256[] calldata tokenIds) external;

    /// @notice The listing of a token (zero fields when none).
    function listing(uint256 tokenId) external view returns (Listing memory);
}
