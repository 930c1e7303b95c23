// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Pull payments: money owed is credited, and each payee withdraws it.
interface IPullPayments {
    /// @notice Nothing to withdraw.
    error PullPaymentsNothingToWithdraw(address payee);
    /// @notice Withdrawing to the zero address would burn the credit.
    error PullPaymentsZeroRecipient();
    /// @notice The recipient refused the transfer.
    error PullPaymentsTransferFailed(address recipient, uint256 amount);

    /// @notice `amount` wei became withdrawable by `payee`.
    event PaymentCredited(address indexed payee, uint256 amount);
    /// @notice `payee` withdrew `amount` wei to `recipient`.
    event PaymentWithdrawn(address indexed payee, address indexed recipient, uint256 amount);

    /// @notice Sends all of the caller's credit to `recipient`.
    function withdraw(address payable recipient) external;

    /// @notice Wei `payee` may withdraw.
    function withdrawable(address payee) external view returns (uint256);
}
