// SPDX-License-Identifier: MIT
// Floating on purpose: integrators compile the interfaces with their own 0.8 compiler.
// solhint-disable-next-line compiler-version
pragma solidity ^0.8.0;

import {ILoanCore} from "../interfaces/ILoanCore.sol";
import {IWETH} from "./IWETH.sol";

/// @title IWethGateway
/// @author Hypotheca
/// @notice ETH in and out for loans whose currency is WETH: borrow and receive ETH, repay or lend with ETH.
/// The caller keeps the loan notes; the gateway only wraps, unwraps and forwards.
///
/// Safety rules (lesson of the Gondi Sell&Repay exploit): the gateway only ever pulls assets from
/// `msg.sender`, and holds no funds, NFTs or allowances between transactions; every allowance it gives the
/// loan core is used or reset within the call.
/// Warning: assets sent to the gateway directly (a plain ERC-721 `transferFrom`, ERC-20 transfers) are
/// lost: nothing can take them out. ETH (except from WETH), ERC-1155 and safe ERC-721 transfers bounce.
/// Warning: users approve the gateway for their NFTs (ERC-721 `approve` or `setApprovalForAll`, ERC-1155
/// `setApprovalForAll`); it only uses that approval when the owner calls it.
interface IWethGateway {
    /// @notice The loan's or offer's currency is `currency`, not WETH.
    error NotWethCurrency(address currency);
    /// @notice Sending `amount` wei to `to` failed (it reverted or has no receive function).
    error EthTransferFailed(address to, uint256 amount);
    /// @notice ETH arrived from `sender`; only WETH (unwrapping) may send ETH to the gateway.
    error UnexpectedEth(address sender);
    /// @notice An ERC-1155 transfer the gateway did not start, from `operator`; it would be stuck.
    error UnexpectedToken(address token, address operator);
    /// @notice `value` wei sent for a payment of `amount`.
    error InsufficientEth(uint256 value, uint256 amount);
    /// @notice Partial repayments through the gateway are for the borrower-note holder only.
    error NotBorrower(address caller, address holder);

    /// @notice The loan core the gateway calls.
    /// @return The loan core.
    function loanCore() external view returns (ILoanCore);

    /// @notice The WETH contract; only loans in this currency go through the gateway.
    /// @return The WETH contract.
    function weth() external view returns (IWETH);

    /// @notice Borrows from a lender's WETH offer and receives the principal as ETH. The collateral comes
    /// from the caller (ERC-721 token `tokenId`, or `offer.collateralAmount` of ERC-1155 id `tokenId`),
    /// who must have approved the gateway for it; the caller receives the borrower note and the ETH.
    /// @param offer The lender's signed offer; its currency must be WETH.
    /// @param signature The lender's signature of `offer`.
    /// @param tokenId The collateral token id.
    /// @param principal WETH to borrow, in the offer's range.
    /// @param proof Merkle proof of `tokenId` for Scope.TokenSet offers; empty otherwise.
    /// @param delegate delegate.cash delegate for the escrowed NFT (0 = none).
    /// @return loanId The new loan.
    function acceptOfferForEth(
        ILoanCore.LoanOffer calldata offer,
        bytes calldata signature,
        uint256 tokenId,
        uint256 principal,
        bytes32[] calldata proof,
        address delegate
    ) external returns (uint256 loanId);

    /// @notice Repays a WETH loan in full with ETH; the NFT goes to the borrower-note holder (anyone may
    /// pay). Send at least the debt at inclusion time; the unused ETH is refunded to the caller.
    /// @param loanId The loan.
    /// @param loan Its current state, as emitted.
    function repayWithEth(uint256 loanId, ILoanCore.Loan calldata loan) external payable;

    /// @notice The borrower-note holder pays `amount` toward a WETH loan with ETH (interest first, then
    /// principal; the whole debt closes the loan). ETH sent beyond `amount` is refunded to the caller.
    /// @dev The holder must first approve this gateway on its borrower note (`approve` or
    /// `setApprovalForAll` on the loan core): the core accepts partial payments only from the borrower.
    /// @param loanId The loan.
    /// @param loan Its current state, as emitted.
    /// @param amount Wei to pay, at most `msg.value`.
    function repayPartialWithEth(uint256 loanId, ILoanCore.Loan calldata loan, uint256 amount)
        external
        payable;

    /// @notice Lends `msg.value` as WETH against a borrower's signed WETH request; the caller receives the
    /// lender note, the borrower the WETH.
    /// @param request The borrower's signed request; its currency must be WETH.
    /// @param signature The borrower's signature of `request`.
    /// @param aprBps The APR offered, at most `request.maxAprBps`.
    /// @return loanId The new loan.
    function fillRequestWithEth(
        ILoanCore.BorrowRequest calldata request,
        bytes calldata signature,
        uint32 aprBps
    ) external payable returns (uint256 loanId);
}
