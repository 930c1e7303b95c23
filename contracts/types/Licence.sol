// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice One licence of one style to one account.
/// @dev Storage layout, chosen so that registering a track reads and writes a single slot:
///  slot 0: licensee (160) | styleId (32) | expiresAt (32) | remaining (24) | flags (8)
///  slot 1: feePaid (96) | royaltyBps (16) | issuedAt (32)      — read only when selling or promoting
/// Revocation moves `expiresAt` to the time of revocation, so "valid at t" is the single test `t < expiresAt`.
struct Licence {
    address licensee;
    uint32 styleId;
    uint32 expiresAt;
    uint24 remaining;
    uint8 flags;
    uint96 feePaid;
    uint16 royaltyBps;
    uint32 issuedAt;
}

/// @notice Bits of `Licence.flags` and the sentinels used in the packed fields.
library LicenceFlags {
    uint8 internal constant COMMERCIAL = 1;
    uint8 internal constant DERIVATIVES = 2;
    uint8 internal constant REVOKED = 4;
    uint8 internal constant BY_SIGNATURE = 8;

    /// `expiresAt` of a licence that never expires.
    uint32 internal constant NEVER = type(uint32).max;
    /// `remaining` of a licence with no track cap.
    uint24 internal constant UNLIMITED = type(uint24).max;
}
