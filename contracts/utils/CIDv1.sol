// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title CIDv1 strings for SHA-256 digests of raw IPFS blocks
/// @notice A manifest stored as one raw block has the CID `b` + base32(0x01 0x55 0x12 0x20 ‖ sha256(bytes)), so the
/// digest the registry commits to *is* the manifest's address: no CID string is stored on-chain.
library CIDv1 {
    bytes private constant _ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

    /// @notice The multibase base32 CIDv1 (raw codec, sha2-256 multihash) of a block whose SHA-256 is `digest`.
    function rawSha256(bytes32 digest) internal pure returns (string memory) {
        bytes memory raw = abi.encodePacked(bytes4(0x01551220), digest); // 36 bytes = 288 bits
        bytes memory out = new bytes(59); // "b" + ceil(288 / 5) = 58 characters
        out[0] = "b";
        uint256 buffer;
        uint256 bits;
        uint256 o = 1;
        for (uint256 i = 0; i < raw.length; ++i) {
            buffer = (buffer << 8) | uint8(raw[i]);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out[o++] = _ALPHABET[(buffer >> bits) & 31];
            }
        }
        if (bits > 0) out[o] = _ALPHABET[(buffer << (5 - bits)) & 31];
        return string(out);
    }
}
