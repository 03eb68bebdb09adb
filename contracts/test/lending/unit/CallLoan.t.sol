// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {UnitBase} from "./UnitBase.sol";

contract CallLoanTest is UnitBase {
    function test_callLoan_recordsTheCallTime() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openTermLoan();
        skip(MIN_CALL_DELAY);
        ILoanTypes.Loan memory expected = _copy(loan);
        expected.callTime = uint40(block.timestamp);

        vm.expectEmit(address(core));
        emit ILoanTypes.LoanUpdated(loanId, expected);
        vm.prank(lender);
        core.callLoan(loanId, loan);

        _assertStored(loanId, expected);
    }

    function test_callLoan_leavesTheDebtUnchanged() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openTermLoan();
        skip(MIN_CALL_DELAY + 1 days);
        uint256 debtBefore = _debt(loan);

        ILoanTypes.Loan memory called = _callLoan(loanId, loan);

        assertEq(_debt(called), debtBefore, "debt");
        assertEq(called.accrualStart, loan.accrualStart, "accrual");
        assertEq(called.aprBps, loan.aprBps, "apr");
    }

    function test_callLoan_startsTheRefinancingAuctionAtTheLoanApr() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openTermLoan();
        skip(MIN_CALL_DELAY);

        ILoanTypes.Loan memory called = _callLoan(loanId, loan);

        assertEq(core.refinancingCeiling(called, block.timestamp), loan.aprBps, "ceiling starts at the APR");
    }

    function test_callLoan_revertsBeforeTheMinimumDelay() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openTermLoan();
        skip(MIN_CALL_DELAY - 1);

        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.LoanNotCallable.selector, loanId, uint256(loan.startTime) + MIN_CALL_DELAY
            )
        );
        vm.prank(lender);
        core.callLoan(loanId, loan);
    }

    function test_callLoan_revertsForFixedTermLoan() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        skip(MIN_CALL_DELAY);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.NotOpenTerm.selector, loanId));
        vm.prank(lender);
        core.callLoan(loanId, loan);
    }

    function test_callLoan_revertsWhenCallerIsNotLenderNoteHolder() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openTermLoan();
        skip(MIN_CALL_DELAY);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, borrower));
        vm.prank(borrower);
        core.callLoan(loanId, loan);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, attacker));
        vm.prank(attacker);
        core.callLoan(loanId, loan);
    }

    function test_callLoan_followsTheLenderNote() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openTermLoan();
        _transferLenderNote(loanId, lender2);
        skip(MIN_CALL_DELAY);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, lender));
        vm.prank(lender);
        core.callLoan(loanId, loan);

        vm.prank(lender2);
        core.callLoan(loanId, loan);
    }

    function test_callLoan_revertsWhenAlreadyCalled() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openTermLoan();
        skip(MIN_CALL_DELAY);
        ILoanTypes.Loan memory called = _callLoan(loanId, loan);
        skip(1 hours);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.LoanAlreadyCalled.selector, loanId));
        vm.prank(lender);
        core.callLoan(loanId, called);
    }

    function test_callLoan_revertsWithThePreCallState() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openTermLoan();
        skip(MIN_CALL_DELAY);
        ILoanTypes.Loan memory called = _callLoan(loanId, loan);

        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.LoanHashMismatch.selector,
                loanId,
                keccak256(abi.encode(called)),
                keccak256(abi.encode(loan))
            )
        );
        vm.prank(lender);
        core.callLoan(loanId, loan);
    }

    function test_callLoan_calledLoanCanStillBeRepaid() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openTermLoan();
        skip(MIN_CALL_DELAY);
        ILoanTypes.Loan memory called = _callLoan(loanId, loan);
        skip(1 days);

        vm.prank(borrower);
        core.repay(loanId, called);

        assertEq(nft.ownerOf(1), borrower, "repaid during the auction");
    }
}
