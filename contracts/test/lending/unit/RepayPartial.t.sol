// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {UnitBase} from "./UnitBase.sol";

contract RepayPartialTest is UnitBase {
    function test_repayPartial_paysInterestFirst() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        skip(20 days);
        uint256 interest = _interest(1 ether, 1000, 20 days);
        uint256 amount = interest / 2;
        uint256 lenderBefore = weth.balanceOf(lender);

        ILoanTypes.Loan memory updated = _repayPartial(loanId, loan, amount);

        assertEq(updated.principal, 1 ether, "principal untouched");
        assertEq(updated.carriedInterest, interest - amount, "unpaid interest carried");
        assertEq(updated.accrualStart, block.timestamp, "accrual restarts");
        assertEq(weth.balanceOf(lender) - lenderBefore, amount - _feeOn(amount, FEE_BPS), "lender");
        assertEq(weth.balanceOf(treasury), _feeOn(amount, FEE_BPS), "fee on interest paid");
        _assertStored(loanId, updated);
    }

    function test_repayPartial_thenReducesPrincipal() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        skip(20 days);
        uint256 interest = _interest(1 ether, 1000, 20 days);
        uint256 amount = interest + 0.4 ether;
        uint256 lenderBefore = weth.balanceOf(lender);

        vm.expectEmit(address(core));
        emit ILoanTypes.LoanRepaid(loanId, borrower, interest, 0.4 ether, _feeOn(interest, FEE_BPS));
        ILoanTypes.Loan memory updated = _repayPartial(loanId, loan, amount);

        assertEq(updated.principal, 0.6 ether, "principal reduced");
        assertEq(updated.carriedInterest, 0, "interest settled");
        assertEq(weth.balanceOf(lender) - lenderBefore, amount - _feeOn(interest, FEE_BPS), "lender");
        assertEq(weth.balanceOf(treasury), _feeOn(interest, FEE_BPS), "no fee on principal");
    }

    function test_repayPartial_interestThenAccruesOnTheReducedPrincipal() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        skip(10 days);
        loan = _repayPartial(loanId, loan, _interest(1 ether, 1000, 10 days) + 0.5 ether);
        skip(10 days);

        (uint256 interest, uint256 debt) = core.debtAt(loan, block.timestamp);

        assertEq(interest, _interest(0.5 ether, 1000, 10 days), "interest on 0.5");
        assertEq(debt, 0.5 ether + interest, "debt");
    }

    function test_repayPartial_carriedInterestBearsNoInterest() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        skip(10 days);
        uint256 accrued = _interest(1 ether, 1000, 10 days);
        loan = _repayPartial(loanId, loan, 1);
        skip(10 days);

        (uint256 interest,) = core.debtAt(loan, block.timestamp);

        assertEq(interest, accrued - 1 + _interest(1 ether, 1000, 10 days), "carried plus simple interest");
    }

    function test_repayPartial_keepsDueDateAndNotes() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        skip(5 days);

        ILoanTypes.Loan memory updated = _repayPartial(loanId, loan, 0.2 ether);

        assertEq(updated.startTime, loan.startTime, "startTime");
        assertEq(updated.duration, loan.duration, "duration");
        assertEq(updated.gracePeriod, loan.gracePeriod, "grace");
        assertEq(updated.aprBps, loan.aprBps, "apr");
        assertEq(_lenderOf(loanId), lender, "lender note");
        assertEq(_borrowerOf(loanId), borrower, "borrower note");
        assertEq(nft.ownerOf(1), address(core), "still escrowed");
    }

    function test_repayPartial_emitsLoanUpdated() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        skip(5 days);
        uint256 interest = _interest(1 ether, 1000, 5 days);
        ILoanTypes.Loan memory expected = _copy(loan);
        expected.principal = 1 ether - (0.3 ether - interest);
        expected.accrualStart = uint40(block.timestamp);

        vm.expectEmit(address(core));
        emit ILoanTypes.LoanUpdated(loanId, expected);
        vm.prank(borrower);
        core.repayPartial(loanId, loan, 0.3 ether);
    }

    function test_repayPartial_amountEqualToDebtClosesTheLoan() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        skip(7 days);
        uint256 debt = _debt(loan);
        uint256 interest = debt - 1 ether;
        uint256 lenderBefore = weth.balanceOf(lender);

        vm.expectEmit(address(core));
        emit ILoanTypes.LoanClosed(loanId, borrower, CLOSED_REPAID);
        vm.prank(borrower);
        core.repayPartial(loanId, loan, debt);

        assertEq(nft.ownerOf(1), borrower, "NFT back");
        assertEq(weth.balanceOf(lender) - lenderBefore, debt - _feeOn(interest, FEE_BPS), "lender");
        _assertClosed(loanId);
    }

    function test_repayPartial_revertsAboveTheDebt() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        skip(7 days);
        uint256 debt = _debt(loan);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.RepaymentTooLarge.selector, debt + 1, debt));
        vm.prank(borrower);
        core.repayPartial(loanId, loan, debt + 1);
    }

    function test_repayPartial_revertsZeroAmount() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();

        vm.expectRevert(ILoanTypes.ZeroAmount.selector);
        vm.prank(borrower);
        core.repayPartial(loanId, loan, 0);
    }

    function test_repayPartial_revertsDuringDefaultSale() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _auctionLoan();
        vm.warp(_defaultTime(loan));
        loan = _startSale(loanId, loan);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.SaleAlreadyStarted.selector, loanId));
        vm.prank(borrower);
        core.repayPartial(loanId, loan, 0.1 ether);
    }

    function test_repayPartial_revertsWithThePreviousState() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        skip(1 days);
        ILoanTypes.Loan memory updated = _repayPartial(loanId, loan, 0.1 ether);

        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.LoanHashMismatch.selector,
                loanId,
                keccak256(abi.encode(updated)),
                keccak256(abi.encode(loan))
            )
        );
        vm.prank(borrower);
        core.repayPartial(loanId, loan, 0.1 ether);
    }

    function test_repayPartial_revertsWhenCallerIsNotTheBorrower() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        skip(1 days);

        // Anyone paying dust would change the loan's hash and make the borrower's pending repay revert.
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, keeper));
        vm.prank(keeper);
        core.repayPartial(loanId, loan, 0.25 ether);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, lender));
        vm.prank(lender);
        core.repayPartial(loanId, loan, 1);
    }

    function test_repayPartial_byAnOperatorOfTheBorrowerNote() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        uint256 noteId = core.borrowerNoteId(loanId);
        vm.prank(borrower);
        core.approve(keeper, noteId);
        skip(1 days);
        uint256 borrowerBefore = weth.balanceOf(borrower);
        uint256 keeperBefore = weth.balanceOf(keeper);

        vm.prank(keeper);
        core.repayPartial(loanId, loan, 0.25 ether);

        assertEq(keeperBefore - weth.balanceOf(keeper), 0.25 ether, "operator paid");
        assertEq(weth.balanceOf(borrower), borrowerBefore, "borrower untouched");
    }

    function test_repayPartial_followsTheBorrowerNote() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        _transferBorrowerNote(loanId, keeper);
        skip(1 days);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, borrower));
        vm.prank(borrower);
        core.repayPartial(loanId, loan, 0.25 ether);

        vm.prank(keeper);
        core.repayPartial(loanId, loan, 0.25 ether);
        assertEq(_borrowerOf(loanId), keeper, "note holder paid");
    }

    /// @dev Bookkeeping of a random repayment sequence.
    struct Sequence {
        uint256 principal;
        uint256 aprBps;
        uint256 start;
        uint256 paid;
        uint256 partials;
        bool closed;
    }

    function testFuzz_repayPartial_sequenceNeverOverchargesAndEndsWithNftReturned(
        uint256 principal,
        uint256 aprBps,
        uint256[6] memory gaps,
        uint256[6] memory amounts
    ) public {
        Sequence memory seq;
        seq.principal = bound(principal, 1e6, 100 ether);
        seq.aprBps = bound(aprBps, 0, MAX_APR_BPS);
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.minPrincipal = 1;
        offer.maxPrincipal = seq.principal;
        offer.capacity = seq.principal;
        offer.aprBps = uint32(seq.aprBps);
        (uint256 loanId, ILoanTypes.Loan memory loan) = _accept(offer, 1, seq.principal);
        _fund(borrower, 2000 ether, 0);
        seq.start = block.timestamp;
        uint256 receivedBefore = weth.balanceOf(lender) + weth.balanceOf(treasury);

        for (uint256 i; i < gaps.length && !seq.closed; ++i) {
            loan = _partialStep(loanId, loan, seq, gaps[i], amounts[i]);
        }
        if (!seq.closed) {
            uint256 debt = _debt(loan);
            vm.prank(borrower);
            core.repay(loanId, loan);
            seq.paid += debt;
        }

        assertEq(nft.ownerOf(1), borrower, "NFT returned");
        _assertClosed(loanId);
        assertEq(
            weth.balanceOf(lender) + weth.balanceOf(treasury) - receivedBefore, seq.paid, "all delivered"
        );
        assertLe(
            weth.balanceOf(treasury) * BPS, (seq.paid - seq.principal) * FEE_BPS, "fee <= 10% of interest"
        );
    }

    function _partialStep(
        uint256 loanId,
        ILoanTypes.Loan memory loan,
        Sequence memory seq,
        uint256 gap,
        uint256 amountSeed
    ) internal returns (ILoanTypes.Loan memory) {
        skip(bound(gap, 0, 60 days));
        (, uint256 debt) = core.debtAt(loan, block.timestamp);
        // Never more than simple interest on the original principal (+1 wei per rounded accrual).
        uint256 ceiling = seq.principal + _interest(seq.principal, seq.aprBps, block.timestamp - seq.start);
        assertLe(seq.paid + debt, ceiling + seq.partials, "overcharged");
        assertGe(seq.paid + debt, seq.principal, "principal forgiven");
        uint256 amount = bound(amountSeed, 1, debt);
        vm.recordLogs();
        vm.prank(borrower);
        core.repayPartial(loanId, loan, amount);
        seq.paid += amount;
        if (amount == debt) {
            seq.closed = true;
            return loan;
        }
        ++seq.partials;
        loan = _lastLoan();
        assertEq(loan.principal + loan.carriedInterest, debt - amount, "remaining debt");
        _assertStored(loanId, loan);
        return loan;
    }
}
