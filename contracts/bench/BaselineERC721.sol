// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/// @notice Test-only baseline: a plain OpenZeppelin ERC-721 `_safeMint`, measured beside `TrackNFT.mint` by `bench:gas`.
contract BaselineERC721 is ERC721 {
    constructor() ERC721("Baseline", "BASE") {}

    function mint(address to, uint256 tokenId) external {
        _safeMint(to, tokenId);
    }
}
