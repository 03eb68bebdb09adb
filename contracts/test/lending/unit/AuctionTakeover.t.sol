// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {UnitBase} from "./UnitBase.sol";

/// @dev An open-term loan of 1 WETH at 10%, called by its lender after the minimum delay.
contract AuctionTakeoverTest is UnitBase {
    uint256 internal loanId;
    ILoanTypes.Loan internal loan;

    function setUp() public override {
        super.setUp();
        (loanId, loan) = _openTermLoan();
        skip(MIN_CALL_DELAY);
        loan = _callLoan(loanId, loan);
    }

    function _ceiling(uint256 elapsed) internal view returns (uint256) {
        if (elapsed >= AUCTION_DURATION) return MAX_APR_BPS;
        return loan.aprBps + (MAX_APR_BPS - loan.aprBps) * elapsed / AUCTION_DURATION;
    }

    function _auctionEnd() internal view returns (uint256) {
        return uint256(loan.callTime) + AUCTION_DURATION;
    }

    function test_auctionTakeover_ceilingRisesLinearlyFromAprToMax() public view {
        assertEq(core.refinancingCeiling(loan, loan.callTime), 1000, "start: the loan's APR");
        assertEq(
            core.refinancingCeiling(loan, uint256(loan.callTime) + AUCTION_DURATION / 4),
            1000 + (MAX_APR_BPS - 1000) / 4,
            "a quarter in"
        );
        assertEq(
            core.refinancingCeiling(loan, uint256(loan.callTime) + AUCTION_DURATION / 2),
            1000 + (MAX_APR_BPS - 1000) / 2,
            "half way"
        );
        assertEq(core.refinancingCeiling(loan, _auctionEnd()), MAX_APR_BPS, "end: the maximum");
        assertEq(core.refinancingCeiling(loan, _auctionEnd() + 1 days), MAX_APR_BPS, "capped");
    }

    function test_auctionTakeover_atTheCeilingMovesTheLoan() public {
        skip(1 days);
        uint256 ceiling = _ceiling(1 days);
        uint256 interest = _interest(1 ether, 1000, MIN_CALL_DELAY + 1 days);
        uint256 lenderBefore = weth.balanceOf(lender);
        uint256 lender2Before = weth.balanceOf(lender2);

        vm.recordLogs();
        vm.prank(lender2);
        core.auctionTakeover(loanId, loan, uint32(ceiling));
        ILoanTypes.Loan memory updated = _lastLoan();

        assertEq(weth.balanceOf(lender) - lenderBefore, 1 ether + interest, "old lender paid the debt");
        assertEq(lender2Before - weth.balanceOf(lender2), 1 ether + interest, "new lender paid");
        assertEq(_lenderOf(loanId), lender2, "lender note moved");
        assertEq(updated.aprBps, ceiling, "new APR");
        assertEq(updated.principal, 1 ether, "principal unchanged");
        assertEq(updated.carriedInterest, interest, "interest carried");
        assertEq(updated.accrualStart, block.timestamp, "accrual restarts");
        assertEq(updated.startTime, block.timestamp, "new term");
        assertEq(updated.callTime, 0, "call reset");
        assertEq(updated.duration, 0, "still open-term");
        _assertStored(loanId, updated);
    }

    function test_auctionTakeover_belowTheCeilingIsAccepted() public {
        skip(1 hours);

        vm.recordLogs();
        vm.prank(lender2);
        core.auctionTakeover(loanId, loan, 500);

        assertEq(_lastLoan().aprBps, 500, "lower APR");
    }

    function test_auctionTakeover_revertsAboveTheCeiling() public {
        skip(12 hours);
        uint256 ceiling = _ceiling(12 hours);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.AprTooHigh.selector, ceiling + 1, ceiling));
        vm.prank(lender2);
        core.auctionTakeover(loanId, loan, uint32(ceiling + 1));
    }

    function test_auctionTakeover_lastSecondIsAccepted() public {
        vm.warp(_auctionEnd() - 1);

        vm.prank(lender2);
        core.auctionTakeover(loanId, loan, uint32(_ceiling(AUCTION_DURATION - 1)));

        assertEq(_lenderOf(loanId), lender2, "taken over");
    }

    function test_auctionTakeover_revertsAfterTheAuctionEnded() public {
        vm.warp(_auctionEnd());

        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.RefinancingAuctionOver.selector, loanId, _auctionEnd())
        );
        vm.prank(lender2);
        core.auctionTakeover(loanId, loan, 1000);
    }

    function test_auctionTakeover_revertsWhenTheLoanIsNotCalled() public {
        (uint256 otherId, ILoanTypes.Loan memory other) = _accept(_openTermOffer(), 2, 1 ether);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.LoanNotCalled.selector, otherId));
        vm.prank(lender2);
        core.auctionTakeover(otherId, other, 1000);
    }

    function test_auctionTakeover_newLenderMustWaitBeforeCallingAgain() public {
        skip(1 hours);
        vm.recordLogs();
        vm.prank(lender2);
        core.auctionTakeover(loanId, loan, 2000);
        ILoanTypes.Loan memory updated = _lastLoan();

        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.LoanNotCallable.selector, loanId, block.timestamp + MIN_CALL_DELAY
            )
        );
        vm.prank(lender2);
        core.callLoan(loanId, updated);
    }

    function test_auctionTakeover_takenOverLoanCannotBeForeclosed() public {
        skip(1 hours);
        vm.recordLogs();
        vm.prank(lender2);
        core.auctionTakeover(loanId, loan, 2000);
        ILoanTypes.Loan memory updated = _lastLoan();
        vm.warp(_auctionEnd() + 1);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.LoanNotCalled.selector, loanId));
        vm.prank(lender2);
        core.foreclose(loanId, updated, lender2);
    }

    /// @dev Pins current behaviour: the lender-note holder may bid in the auction its own call started,
    /// raising the loan's APR to the ceiling with no new lender (a third party could do the same).
    function test_auctionTakeover_currentLenderMayBidOnItsOwnCall() public {
        vm.warp(_auctionEnd() - 1);
        uint256 ceiling = _ceiling(AUCTION_DURATION - 1);

        vm.recordLogs();
        vm.prank(lender);
        core.auctionTakeover(loanId, loan, uint32(ceiling));

        ILoanTypes.Loan memory updated = _lastLoan();
        assertEq(updated.aprBps, ceiling, "APR raised to the ceiling");
        assertEq(_lenderOf(loanId), lender, "same lender");
        assertEq(updated.callTime, 0, "call reset");
    }

    function test_auctionTakeover_revertsWhenCallerCannotPay() public {
        skip(1 hours);
        uint256 debt = _debt(loan);

        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.PaymentFailed.selector, address(weth), attacker, debt)
        );
        vm.prank(attacker);
        core.auctionTakeover(loanId, loan, 1000);
    }

    function testFuzz_auctionTakeover_bidAtMostTheLinearCeiling(uint256 elapsed, uint32 aprBps) public {
        elapsed = bound(elapsed, 0, AUCTION_DURATION - 1);
        vm.warp(uint256(loan.callTime) + elapsed);
        uint256 ceiling = _ceiling(elapsed);
        assertEq(core.refinancingCeiling(loan, block.timestamp), ceiling, "ceiling");
        aprBps = uint32(bound(aprBps, 0, MAX_APR_BPS + 1));

        if (aprBps > ceiling) {
            vm.expectRevert(abi.encodeWithSelector(ILoanTypes.AprTooHigh.selector, aprBps, ceiling));
        }
        vm.prank(lender2);
        core.auctionTakeover(loanId, loan, aprBps);

        assertEq(_lenderOf(loanId), aprBps > ceiling ? lender : lender2, "lender note");
    }
}
