// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IPullPayments} from "../interfaces/IPullPayments.sol";

/// @title Pull payments
/// @notice Money owed is credited to its payee inside the contract; the payee withdraws it. No payout ever calls an
/// untrusted address in the middle of a state change, so a reverting or reentering payee harms only itself.
abstract contract PullPayments is IPullPayments, ReentrancyGuardTransient {
    mapping(address payee => uint256 amount) private _credits;

    /// @inheritdoc IPullPayments
    function withdraw(address payable recipient) external nonReentrant {
        if (recipient == address(0)) revert PullPaymentsZeroRecipient();
        uint256 amount = _credits[msg.sender];
        if (amount == 0) revert PullPaymentsNothingToWithdraw(msg.sender);
        _credits[msg.sender] = 0;
        emit PaymentWithdrawn(msg.sender, recipient, amount);
        (bool ok,) = recipient.call{value: amount}("");
        if (!ok) revert PullPaymentsTransferFailed(recipient, amount);
    }

    /// @inheritdoc IPullPayments
    function withdrawable(address payee) external view returns (uint256) {
        return _credits[payee];
    }

    /// @dev Makes `amount` wei withdrawable by `payee`; the wei must already be held by this contract.
    function _credit(address payee, uint256 amount) internal {
        if (amount == 0) return;
        _credits[payee] += amount;
        emit PaymentCredited(payee, amount);
    }
}
