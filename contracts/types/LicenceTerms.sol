// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The terms an artist offers for licences of one style. Packed into one storage slot (192 bits).
/// @dev Terms apply to licences issued after they are set; an issued licence keeps a snapshot.
struct LicenceTerms {
    /// Price of a licence bought on-chain, in wei.
    uint96 fee;
    /// Share of every sale of a track made under the licence that goes to the artist, in basis points.
    uint16 royaltyBps;
    /// Lifetime of a licence in seconds from its issue; 0 means it never expires.
    uint32 duration;
    /// Most tracks one licence may register; 0 means no cap.
    uint24 maxTracks;
    /// The licensee may sell what it makes (e.g. list tracks for minting).
    bool commercial;
    /// The licensee may register tracks derived from other tracks (tracks with parents).
    bool derivatives;
    /// Anyone may buy a licence on-chain at `fee`; otherwise licences come only from the artist's signature.
    bool purchasable;
}
