// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {IStyleRegistry} from "../../../contracts/interfaces/IStyleRegistry.sol";
import {LicenceTerms} from "../../../contracts/types/LicenceTerms.sol";

/// @notice Test only: an artist that is a contract (a smart-contract wallet). Its owner registers styles through it,
/// and it accepts through ERC-1271 the signatures its owner makes over a digest.
contract ContractArtist is IERC1271 {
    address public immutable owner;

    error NotOwner();

    constructor(address owner_) {
        owner = owner_;
    }

    function registerStyle(IStyleRegistry registry, string calldata metadataURI, LicenceTerms calldata terms)
        external
        returns (uint256)
    {
        if (msg.sender != owner) revert NotOwner();
        return registry.registerStyle(metadataURI, terms);
    }

    function isValidSignature(bytes32 digest, bytes calldata signature) external view returns (bytes4) {
        (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(digest, signature);
        return err == ECDSA.RecoverError.NoError && signer == owner ? IERC1271.isValidSignature.selector : bytes4(0);
    }
}
