// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {UnitBase} from "./UnitBase.sol";

/// @dev The default loan: 1 WETH at 10% for 30 days + 1 day grace; taken over by lender2.
contract TakeOverTest is UnitBase {
    uint256 internal loanId;
    ILoanTypes.Loan internal loan;

    function setUp() public override {
        super.setUp();
        (loanId, loan) = _openLoan();
    }

    function _dueDate() internal view returns (uint256) {
        return uint256(loan.startTime) + loan.duration;
    }

    function _takeOver(address caller, uint32 aprBps, uint32 duration, uint32 gracePeriod)
        internal
        returns (ILoanTypes.Loan memory)
    {
        vm.recordLogs();
        vm.prank(caller);
        core.takeOver(loanId, loan, aprBps, duration, gracePeriod);
        return _lastLoan();
    }

    function _expectTermsNotBetter(uint32 aprBps, uint32 duration, uint32 gracePeriod) internal {
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.TermsNotBetter.selector, loanId));
        vm.prank(lender2);
        core.takeOver(loanId, loan, aprBps, duration, gracePeriod);
    }

    function test_takeOver_newLenderPaysOldLenderTheWholeDebt() public {
        skip(MIN_HOLDING_PERIOD);
        uint256 debt = 1 ether + _interest(1 ether, 1000, MIN_HOLDING_PERIOD);
        uint256 lenderBefore = weth.balanceOf(lender);
        uint256 lender2Before = weth.balanceOf(lender2);
        uint256 borrowerBefore = weth.balanceOf(borrower);

        _takeOver(lender2, 900, 28 days, 1 days);

        assertEq(weth.balanceOf(lender) - lenderBefore, debt, "old lender gets the debt, no fee taken");
        assertEq(lender2Before - weth.balanceOf(lender2), debt, "new lender pays it");
        assertEq(weth.balanceOf(borrower), borrowerBefore, "borrower untouched");
        assertEq(weth.balanceOf(treasury), 0, "no fee yet");
        assertEq(_lenderOf(loanId), lender2, "lender note moved");
        assertEq(_borrowerOf(loanId), borrower, "borrower note stays");
    }

    function test_takeOver_recordsNewTermsAndCarriesInterest() public {
        skip(MIN_HOLDING_PERIOD);
        uint256 interest = _interest(1 ether, 1000, MIN_HOLDING_PERIOD);

        ILoanTypes.Loan memory updated = _takeOver(lender2, 900, 28 days, 2 days);

        assertEq(updated.principal, 1 ether, "principal unchanged");
        assertEq(updated.carriedInterest, interest, "interest carried");
        assertEq(updated.aprBps, 900, "apr");
        assertEq(updated.startTime, block.timestamp, "new term starts");
        assertEq(updated.accrualStart, block.timestamp, "accrual restarts");
        assertEq(updated.duration, 28 days, "duration");
        assertEq(updated.gracePeriod, 2 days, "grace");
        assertEq(updated.feeBps, loan.feeBps, "fee kept");
        assertEq(uint8(updated.defaultMode), uint8(loan.defaultMode), "mode kept");
        _assertStored(loanId, updated);
    }

    function test_takeOver_carriedInterestIsNotCapitalised() public {
        skip(MIN_HOLDING_PERIOD);
        uint256 carried = _interest(1 ether, 1000, MIN_HOLDING_PERIOD);
        ILoanTypes.Loan memory updated = _takeOver(lender2, 900, 28 days, 1 days);
        skip(10 days);

        (uint256 interest, uint256 debt) = core.debtAt(updated, block.timestamp);

        assertEq(interest, carried + _interest(1 ether, 900, 10 days), "interest on the principal only");
        assertEq(debt, 1 ether + interest, "debt");
    }

    function test_takeOver_laterRepaymentPaysNewLenderWithFeeOnAllInterest() public {
        skip(MIN_HOLDING_PERIOD);
        ILoanTypes.Loan memory updated = _takeOver(lender2, 900, 28 days, 1 days);
        skip(10 days);
        (uint256 interest, uint256 debt) = core.debtAt(updated, block.timestamp);
        uint256 lender2Before = weth.balanceOf(lender2);

        vm.prank(borrower);
        core.repay(loanId, updated);

        assertEq(weth.balanceOf(lender2) - lender2Before, debt - _feeOn(interest, FEE_BPS), "new lender");
        assertEq(weth.balanceOf(treasury), _feeOn(interest, FEE_BPS), "fee on carried and new interest");
        assertEq(nft.ownerOf(1), borrower, "NFT back");
    }

    function test_takeOver_emitsLoanTransferred() public {
        skip(MIN_HOLDING_PERIOD);
        uint256 interest = _interest(1 ether, 1000, MIN_HOLDING_PERIOD);
        ILoanTypes.Loan memory expected = _copy(loan);
        expected.carriedInterest = interest;
        expected.aprBps = 900;
        expected.startTime = uint40(block.timestamp);
        expected.accrualStart = uint40(block.timestamp);
        expected.duration = 28 days;

        vm.expectEmit(address(core));
        emit ILoanTypes.LoanTransferred(loanId, lender, lender2, 1 ether + interest, expected);
        vm.prank(lender2);
        core.takeOver(loanId, loan, 900, 28 days, 1 days);
    }

    function test_takeOver_revertsDuringHoldingPeriod() public {
        skip(MIN_HOLDING_PERIOD - 1);

        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.HoldingPeriodActive.selector, loanId, uint256(loan.startTime) + MIN_HOLDING_PERIOD
            )
        );
        vm.prank(lender2);
        core.takeOver(loanId, loan, 900, 30 days, 1 days);
    }

    function test_takeOver_newLenderGetsItsOwnHoldingPeriod() public {
        skip(MIN_HOLDING_PERIOD);
        ILoanTypes.Loan memory updated = _takeOver(lender2, 900, 28 days, 1 days);
        skip(1 days);

        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.HoldingPeriodActive.selector,
                loanId,
                uint256(updated.startTime) + MIN_HOLDING_PERIOD
            )
        );
        vm.prank(keeper);
        core.takeOver(loanId, updated, 800, 28 days, 1 days);
    }

    function test_takeOver_aprExactlyTheMinimumImprovementIsAccepted() public {
        skip(MIN_HOLDING_PERIOD);

        ILoanTypes.Loan memory updated = _takeOver(lender2, 900, 28 days, 1 days);

        assertEq(updated.aprBps, 900, "10% lower");
    }

    function test_takeOver_revertsAprNotLowEnough() public {
        skip(MIN_HOLDING_PERIOD);

        _expectTermsNotBetter(901, 28 days, 1 days);
    }

    function test_takeOver_revertsSameApr() public {
        skip(MIN_HOLDING_PERIOD);

        _expectTermsNotBetter(1000, 60 days, 5 days);
    }

    function test_takeOver_dueDateUnchangedIsAccepted() public {
        skip(MIN_HOLDING_PERIOD);

        ILoanTypes.Loan memory updated = _takeOver(lender2, 900, uint32(_dueDate() - block.timestamp), 1 days);

        assertEq(uint256(updated.startTime) + updated.duration, _dueDate(), "same due date");
    }

    function test_takeOver_revertsEarlierDueDate() public {
        skip(MIN_HOLDING_PERIOD);

        _expectTermsNotBetter(900, uint32(_dueDate() - block.timestamp - 1), 1 days);
    }

    function test_takeOver_revertsShorterGracePeriod() public {
        skip(MIN_HOLDING_PERIOD);

        _expectTermsNotBetter(900, 28 days, 1 days - 1);
    }

    function test_takeOver_revertsZeroDuration() public {
        skip(MIN_HOLDING_PERIOD);

        _expectTermsNotBetter(900, 0, 1 days);
    }

    function test_takeOver_revertsForZeroAprLoan() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.aprBps = 0;
        (loanId, loan) = _accept(offer, 2, 1 ether);
        skip(MIN_HOLDING_PERIOD);

        _expectTermsNotBetter(0, 60 days, 1 days);
    }

    function test_takeOver_revertsForOpenTermLoan() public {
        (loanId, loan) = _openTermLoan2();
        skip(MIN_HOLDING_PERIOD);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.NotFixedTerm.selector, loanId));
        vm.prank(lender2);
        core.takeOver(loanId, loan, 500, 30 days, 1 days);
    }

    function test_takeOver_revertsDuringDefaultSale() public {
        ILoanTypes.LoanOffer memory offer = _auctionOffer();
        (loanId, loan) = _accept(offer, 2, 1 ether);
        vm.warp(_defaultTime(loan));
        loan = _startSale(loanId, loan);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.SaleAlreadyStarted.selector, loanId));
        vm.prank(lender2);
        core.takeOver(loanId, loan, 500, 30 days, 1 days);
    }

    function test_takeOver_revertsWhenPaused() public {
        skip(MIN_HOLDING_PERIOD);
        vm.prank(guardian);
        core.setPaused(true);

        vm.expectRevert(ILoanTypes.OriginationsPaused.selector);
        vm.prank(lender2);
        core.takeOver(loanId, loan, 900, 28 days, 1 days);
    }

    /// @dev Pins current behaviour: a defaulted loan (past due date and grace, not yet foreclosed) can
    /// still be taken over, which pays the lender in full and gives the borrower a new due date.
    function test_takeOver_ofADefaultedLoanIsAllowed() public {
        vm.warp(_defaultTime(loan) + 1 days);
        uint256 debt = _debt(loan);
        uint256 lenderBefore = weth.balanceOf(lender);

        ILoanTypes.Loan memory updated = _takeOver(lender2, 900, 30 days, 1 days);

        assertEq(weth.balanceOf(lender) - lenderBefore, debt, "old lender paid in full");
        assertEq(uint256(updated.startTime) + updated.duration, block.timestamp + 30 days, "new due date");
    }

    function test_takeOver_revertsWhenCallerCannotPay() public {
        skip(MIN_HOLDING_PERIOD);
        uint256 debt = _debt(loan);

        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.PaymentFailed.selector, address(weth), attacker, debt)
        );
        vm.prank(attacker);
        core.takeOver(loanId, loan, 900, 28 days, 1 days);
        assertEq(_lenderOf(loanId), lender, "nothing changed");
    }

    function testFuzz_takeOver_onlyStrictlyBetterTermsAndDebtPreserved(
        uint32 aprBps,
        uint32 duration,
        uint32 gracePeriod,
        uint256 elapsed
    ) public {
        elapsed = bound(elapsed, MIN_HOLDING_PERIOD, 60 days);
        skip(elapsed);
        aprBps = uint32(bound(aprBps, 0, 1200));
        gracePeriod = uint32(bound(gracePeriod, 0, 3 days));
        uint256 debtBefore = _debt(loan);
        bool better = aprBps * BPS <= uint256(loan.aprBps) * (BPS - MIN_APR_IMPROVEMENT_BPS) && duration != 0
            && block.timestamp + duration >= _dueDate() && gracePeriod >= loan.gracePeriod;

        if (!better) vm.expectRevert(abi.encodeWithSelector(ILoanTypes.TermsNotBetter.selector, loanId));
        vm.recordLogs();
        vm.prank(lender2);
        core.takeOver(loanId, loan, aprBps, duration, gracePeriod);

        if (better) {
            ILoanTypes.Loan memory updated = _lastLoan();
            assertEq(updated.principal, loan.principal, "principal unchanged");
            assertEq(_debt(updated), debtBefore, "debt unchanged by the takeover");
            assertGe(uint256(updated.startTime) + updated.duration, _dueDate(), "due date not earlier");
            assertEq(_lenderOf(loanId), lender2, "new lender");
        }
    }

    function _openTermLoan2() internal returns (uint256, ILoanTypes.Loan memory) {
        return _accept(_openTermOffer(), 2, 1 ether);
    }
}
