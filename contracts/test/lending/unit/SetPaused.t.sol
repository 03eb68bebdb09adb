// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {UnitBase} from "./UnitBase.sol";

/// @dev The guardian pause blocks new originations only (acceptOffer, fillRequest, borrowFrom, refinance,
/// takeOver: see their files); everything that settles or protects a live loan keeps working.
contract SetPausedTest is UnitBase {
    function _pause() internal {
        vm.prank(guardian);
        core.setPaused(true);
    }

    function test_setPaused_byTheGuardian() public {
        vm.expectEmit(address(core));
        emit ILoanTypes.PausedSet(true);
        vm.prank(guardian);
        core.setPaused(true);

        assertTrue(core.originationConfig().paused, "paused");
    }

    function test_setPaused_byTheOwner() public {
        vm.prank(owner);
        core.setPaused(true);
        assertTrue(core.originationConfig().paused, "paused");

        vm.prank(owner);
        core.setPaused(false);
        assertFalse(core.originationConfig().paused, "resumed");
    }

    function test_setPaused_revertsForAnyoneElse() public {
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, attacker));
        vm.prank(attacker);
        core.setPaused(true);
    }

    function test_setPaused_resumingReopensOriginations() public {
        _pause();
        vm.prank(guardian);
        core.setPaused(false);

        (uint256 loanId,) = _openLoan();

        assertEq(_lenderOf(loanId), lender, "originated");
    }

    function test_setPaused_repayStillWorks() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        _pause();
        skip(1 days);

        vm.prank(borrower);
        core.repay(loanId, loan);

        assertEq(nft.ownerOf(1), borrower, "repaid");
    }

    function test_setPaused_repayPartialStillWorks() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        _pause();
        skip(1 days);

        ILoanTypes.Loan memory updated = _repayPartial(loanId, loan, 0.5 ether);

        assertLt(updated.principal, 1 ether, "principal reduced");
    }

    function test_setPaused_forecloseStillWorks() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        _pause();
        vm.warp(_defaultTime(loan));

        vm.prank(lender);
        core.foreclose(loanId, loan, lender);

        assertEq(nft.ownerOf(1), lender, "foreclosed");
    }

    function test_setPaused_claimStillWorks() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _usdLoan();
        vm.prank(owner);
        usd.setBlacklisted(lender, true);
        vm.prank(borrower);
        core.repay(loanId, loan);
        _pause();

        vm.prank(lender);
        uint256 amount = core.claim(address(usd), lender2);

        assertEq(amount, 1000e6, "claimed");
    }

    function test_setPaused_callLoanAndAuctionTakeoverStillWork() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openTermLoan();
        _pause();
        skip(MIN_CALL_DELAY);
        loan = _callLoan(loanId, loan);
        skip(1 hours);

        vm.prank(lender2);
        core.auctionTakeover(loanId, loan, 1000);

        assertEq(_lenderOf(loanId), lender2, "taken over while paused");
    }

    function test_setPaused_startSaleAndBuyStillWork() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _auctionLoan();
        _pause();
        vm.warp(_defaultTime(loan));
        loan = _startSale(loanId, loan);

        vm.prank(keeper);
        core.buy(loanId, loan, type(uint256).max, keeper);

        assertEq(nft.ownerOf(1), keeper, "sold while paused");
    }

    function test_setPaused_renegotiateStillWorks() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        _pause();
        ILoanTypes.Renegotiation memory terms = _renegotiation(loanId, 500, 60 days, 1 days);
        bytes memory signature = _signRenegotiation(lenderKey, terms);

        vm.prank(borrower);
        core.renegotiate(loanId, loan, terms, signature);

        assertNotEq(core.loanHash(loanId), keccak256(abi.encode(loan)), "renegotiated");
    }

    function test_setPaused_cancellationsStillWork() public {
        _pause();

        vm.prank(lender);
        core.cancelNoncesBelow(1);

        assertEq(core.minNonce(lender), 1, "nonces cancelled while paused");
    }
}
