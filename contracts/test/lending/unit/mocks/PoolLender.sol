// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanCore} from "../../../../src/interfaces/ILoanCore.sol";
import {ILoanLender} from "../../../../src/interfaces/ILoanLender.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";

/// @notice A contract lender for `borrowFrom`: replies as configured and records what it saw during the
/// callback (to check the core calls it after recording the loan and before moving any token).
contract PoolLender is ILoanLender {
    enum Reply {
        Accept,
        WrongSelector,
        Decline,
        Reenter
    }

    error NotCore(address caller);
    error Declined();

    ILoanCore public immutable core;
    Reply public reply;

    uint256 public calls;
    address public seenBorrower;
    uint256 public seenLoanId;
    bytes32 public seenLoanHash;
    bytes32 public storedLoanHashAtCallback;
    address public lenderNoteOwnerAtCallback;
    address public collateralOwnerAtCallback;
    uint256 public currencyBalanceAtCallback;
    bytes public seenData;

    /// @dev What `onLoanRepaid` saw, and the lender's currency balance then (payment already received?).
    struct Repayment {
        uint256 loanId;
        uint256 received;
        uint256 principal;
        uint256 carriedInterest;
        uint256 balance;
    }

    Repayment[] public repayments;
    bool public rejectRepayments;

    IERC20 public immutable currency;

    constructor(ILoanCore core_, IERC20 currency_) {
        core = core_;
        currency = currency_;
        currency_.approve(address(core_), type(uint256).max);
    }

    function setReply(Reply reply_) external {
        reply = reply_;
    }

    function setRejectRepayments(bool reject) external {
        rejectRepayments = reject;
    }

    function repaymentCount() external view returns (uint256) {
        return repayments.length;
    }

    /// @notice Takes the NFT of a Managed loan (as a pool liquidating it would).
    function liquidate(uint256 loanId, ILoanCore.Loan calldata loan) external {
        core.liquidate(loanId, loan, address(this));
    }

    function onLoanRequested(
        address borrower,
        uint256 loanId,
        ILoanCore.Loan calldata loan,
        bytes calldata data
    ) external returns (bytes4) {
        if (msg.sender != address(core)) revert NotCore(msg.sender);
        if (reply == Reply.Decline) revert Declined();
        if (reply == Reply.Reenter) core.repay(loanId, loan);
        ++calls;
        seenBorrower = borrower;
        seenLoanId = loanId;
        seenLoanHash = keccak256(abi.encode(loan));
        storedLoanHashAtCallback = core.loanHash(loanId);
        lenderNoteOwnerAtCallback = IERC721(address(core)).ownerOf(core.lenderNoteId(loanId));
        collateralOwnerAtCallback = IERC721(loan.collateral).ownerOf(loan.tokenId);
        currencyBalanceAtCallback = IERC20(loan.currency).balanceOf(address(this));
        seenData = data;
        return reply == Reply.Accept ? ILoanLender.onLoanRequested.selector : bytes4(0xdeadbeef);
    }

    function onLoanRepaid(uint256 loanId, uint256 received, uint256 principal, uint256 carriedInterest)
        external
    {
        if (msg.sender != address(core)) revert NotCore(msg.sender);
        if (rejectRepayments) revert Declined();
        repayments.push(
            Repayment(loanId, received, principal, carriedInterest, currency.balanceOf(address(this)))
        );
    }
}
