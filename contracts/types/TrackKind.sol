// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice What a registered track is.
enum TrackKind {
    /// A human work, registered by its author (with the author's own style, or none).
    Original,
    /// Made by a generator in a style; needs a licence for that style (or the artist as registrant).
    Generated,
    /// Derived from one or more registered parent tracks.
    Derivative
}
