// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {IncidentBaseTest} from "./IncidentBaseTest.sol";

/// @notice Incident class: front-running repay to block it (Gondi H-10: a lender front-ran the
/// borrower's repayment with a refinance that changed the loan, so repay reverted and the loan went on
/// to default). A repayment names the lender only through the lender note, pays whoever holds it and
/// books what cannot be delivered; the one-shot state changes a lender or third party can make before
/// a repay (call, takeover) cost the borrower a resubmission, never the NFT.
contract FrontRunRepayTest is IncidentBaseTest {
    uint256 internal loanId;
    ILoanTypes.Loan internal loan;

    function setUp() public override {
        super.setUp();
        (loanId, loan) = _accept(_usdOffer(), 1, 1000e6);
        skip(20 days);
    }

    function test_repay_afterLenderMovesNote_paysNewHolder() public {
        uint256 lenderNote = core.lenderNoteId(loanId);
        vm.prank(lender);
        core.transferFrom(lender, lender2, lenderNote);
        (, uint256 fee) = _interestAndFee(loan);
        uint256 debt = _debt(loan);
        uint256 holderBefore = usd.balanceOf(lender2);
        uint256 lenderBefore = usd.balanceOf(lender);
        vm.prank(borrower);
        core.repay(loanId, loan);
        assertEq(usd.balanceOf(lender2) - holderBefore, debt - fee);
        assertEq(usd.balanceOf(lender), lenderBefore);
        assertEq(nft.ownerOf(1), borrower);
    }

    function test_repay_afterLenderGetsBlacklisted_settles() public {
        vm.prank(owner);
        usd.setBlacklisted(lender, true);
        (, uint256 fee) = _interestAndFee(loan);
        uint256 debt = _debt(loan);
        vm.prank(borrower);
        core.repay(loanId, loan);
        assertEq(nft.ownerOf(1), borrower);
        assertEq(core.claimable(lender, address(usd)), debt - fee);
    }

    function test_repay_afterLenderApprovesOperator_settles() public {
        // Approvals on the note (e.g. listing it on a marketplace) do not change who is paid.
        uint256 lenderNote = core.lenderNoteId(loanId);
        vm.prank(lender);
        core.approve(attacker, lenderNote);
        vm.prank(borrower);
        core.repay(loanId, loan);
        assertEq(nft.ownerOf(1), borrower);
    }

    function test_repay_afterThirdPartyTakeOver_resubmitsOnce() public {
        // A takeover invalidates the pending repay's struct, but it pays the old lender in full, keeps
        // the due date, and starts a new holding period: the next one is days away.
        vm.prank(lender2);
        core.takeOver(loanId, loan, 900, 30 days, 1 days);
        vm.expectPartialRevert(ILoanTypes.LoanHashMismatch.selector);
        vm.prank(borrower);
        core.repay(loanId, loan);

        ILoanTypes.Loan memory current = loan;
        (uint256 interest,) = core.debtAt(loan, block.timestamp);
        current.carriedInterest = interest;
        current.accrualStart = uint40(block.timestamp);
        current.startTime = uint40(block.timestamp);
        current.aprBps = 900;
        current.duration = 30 days;
        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.HoldingPeriodActive.selector, loanId, block.timestamp + 2 days)
        );
        vm.prank(lender);
        core.takeOver(loanId, current, 800, 30 days, 1 days);
        vm.prank(borrower);
        core.repay(loanId, current);
        assertEq(nft.ownerOf(1), borrower);
    }

    function test_repay_afterLenderCallsOpenTermLoan_resubmitsOnce() public {
        ILoanTypes.LoanOffer memory openTerm = _usdOffer();
        openTerm.duration = 0;
        (uint256 openId, ILoanTypes.Loan memory open) = _accept(openTerm, 2, 1000e6);
        skip(3 days);
        _recordAs(lender);
        core.callLoan(openId, open);
        ILoanTypes.Loan memory called = _lastLoan();
        vm.expectPartialRevert(ILoanTypes.LoanHashMismatch.selector);
        vm.prank(borrower);
        core.repay(openId, open);
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.LoanAlreadyCalled.selector, openId));
        vm.prank(lender);
        core.callLoan(openId, called);
        vm.prank(borrower);
        core.repay(openId, called);
        assertEq(nft.ownerOf(2), borrower);
    }

    /// @dev Any payment (1 unit) changes the loan's hash: if anyone could call `repayPartial`, the lender
    /// could invalidate every pending repay, block after block, for the price of 1 unit and gas, until
    /// the grace period ends, then foreclose. The borrower's stale repay must still go through
    /// (fixed after this test first failed: `repayPartial` is now for the borrower-note holder only).
    function test_repay_frontRunByDustPartialRepayment_cannotBlock() public {
        vm.warp(uint256(loan.startTime) + loan.duration + loan.gracePeriod);
        vm.prank(lender);
        try core.repayPartial(loanId, loan, 1) {} catch {}
        vm.prank(borrower);
        core.repay(loanId, loan);
        assertEq(nft.ownerOf(1), borrower);
    }
}
