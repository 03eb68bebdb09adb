// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {UnitBase} from "./UnitBase.sol";

contract RepayTest is UnitBase {
    function test_repay_paysLenderDebtMinusFeeAndTreasuryFee() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        skip(10 days);
        uint256 interest = _interest(1 ether, 1000, 10 days);
        uint256 fee = _feeOn(interest, FEE_BPS);
        uint256 lenderBefore = weth.balanceOf(lender);
        uint256 borrowerBefore = weth.balanceOf(borrower);

        vm.prank(borrower);
        core.repay(loanId, loan);

        assertEq(weth.balanceOf(lender) - lenderBefore, 1 ether + interest - fee, "lender");
        assertEq(weth.balanceOf(treasury), fee, "treasury");
        assertEq(borrowerBefore - weth.balanceOf(borrower), 1 ether + interest, "borrower paid the debt");
        assertEq(weth.balanceOf(address(core)), 0, "core keeps nothing");
        assertGt(fee, 0, "fee charged");
    }

    function test_repay_returnsNftAndClosesLoan() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        skip(3 days);

        vm.prank(borrower);
        core.repay(loanId, loan);

        assertEq(nft.ownerOf(1), borrower, "NFT back");
        _assertClosed(loanId);
    }

    function test_repay_emitsRepaidAndClosed() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        skip(5 days);
        uint256 interest = _interest(1 ether, 1000, 5 days);

        vm.expectEmit(address(core));
        emit ILoanTypes.LoanRepaid(loanId, keeper, interest, 1 ether, _feeOn(interest, FEE_BPS));
        vm.expectEmit(address(core));
        emit ILoanTypes.LoanClosed(loanId, borrower, CLOSED_REPAID);
        vm.prank(keeper);
        core.repay(loanId, loan);
    }

    function test_repay_byThirdPartyReturnsNftToBorrowerNoteHolder() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        address noteBuyer = makeAddr("noteBuyer");
        _transferBorrowerNote(loanId, noteBuyer);
        skip(1 days);
        uint256 debt = _debt(loan);
        uint256 keeperBefore = weth.balanceOf(keeper);
        uint256 borrowerBefore = weth.balanceOf(borrower);

        vm.prank(keeper);
        core.repay(loanId, loan);

        assertEq(nft.ownerOf(1), noteBuyer, "NFT to the note holder");
        assertEq(keeperBefore - weth.balanceOf(keeper), debt, "payer paid");
        assertEq(weth.balanceOf(borrower), borrowerBefore, "original borrower untouched");
    }

    function test_repay_paysCurrentLenderNoteHolder() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        _transferLenderNote(loanId, lender2);
        skip(2 days);
        uint256 interest = _interest(1 ether, 1000, 2 days);
        uint256 lenderBefore = weth.balanceOf(lender);
        uint256 lender2Before = weth.balanceOf(lender2);

        vm.prank(borrower);
        core.repay(loanId, loan);

        assertEq(
            weth.balanceOf(lender2) - lender2Before, 1 ether + interest - _feeOn(interest, FEE_BPS), "holder"
        );
        assertEq(weth.balanceOf(lender), lenderBefore, "original lender untouched");
    }

    function test_repay_earlyRepaymentPaysOnlyAccruedInterest() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        skip(1 days);
        uint256 borrowerBefore = weth.balanceOf(borrower);

        vm.prank(borrower);
        core.repay(loanId, loan);

        uint256 paid = borrowerBefore - weth.balanceOf(borrower);
        assertEq(paid, 1 ether + _interest(1 ether, 1000, 1 days), "one day of interest");
        assertLt(paid, 1 ether + _interest(1 ether, 1000, 30 days), "not the full term");
    }

    function test_repay_inTheSameBlockPaysPrincipalOnly() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        uint256 lenderBefore = weth.balanceOf(lender);

        vm.prank(borrower);
        core.repay(loanId, loan);

        assertEq(weth.balanceOf(lender) - lenderBefore, 1 ether, "principal back");
        assertEq(weth.balanceOf(treasury), 0, "no fee on no interest");
    }

    function test_repay_afterDefaultWhileNotForeclosed() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        vm.warp(_defaultTime(loan) + 10 days);
        uint256 elapsed = block.timestamp - loan.startTime;
        uint256 borrowerBefore = weth.balanceOf(borrower);

        vm.prank(borrower);
        core.repay(loanId, loan);

        assertEq(nft.ownerOf(1), borrower, "redeemed");
        assertEq(
            borrowerBefore - weth.balanceOf(borrower), 1 ether + _interest(1 ether, 1000, elapsed), "debt"
        );
    }

    function test_repay_erc1155ReturnsTheEscrowedAmount() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _accept(_itemsOffer(), 1, 1 ether);
        skip(1 days);

        vm.prank(borrower);
        core.repay(loanId, loan);

        assertEq(items.balanceOf(borrower, 1), 10, "all items back");
        assertEq(items.balanceOf(address(core), 1), 0, "core holds none");
    }

    function test_repay_revertsForUnknownLoan() public {
        (, ILoanTypes.Loan memory loan) = _openLoan();

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.LoanNotFound.selector, 2));
        vm.prank(borrower);
        core.repay(2, loan);
    }

    function test_repay_revertsWithAlteredLoanStruct() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        bytes32 stored = core.loanHash(loanId);
        loan.principal = 0.1 ether;

        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.LoanHashMismatch.selector, loanId, stored, keccak256(abi.encode(loan))
            )
        );
        vm.prank(borrower);
        core.repay(loanId, loan);
    }

    function test_repay_revertsWhenAlreadyRepaid() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        vm.prank(borrower);
        core.repay(loanId, loan);

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.LoanNotFound.selector, loanId));
        vm.prank(borrower);
        core.repay(loanId, loan);
    }

    function test_repay_revertsWhenPayerCannotPay() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        skip(1 days);
        uint256 debt = _debt(loan);
        vm.prank(attacker);
        weth.approve(address(core), type(uint256).max);

        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.PaymentFailed.selector,
                address(weth),
                attacker,
                debt - _feeOn(debt - 1 ether, FEE_BPS)
            )
        );
        vm.prank(attacker);
        core.repay(loanId, loan);
        _assertStored(loanId, loan);
        assertEq(nft.ownerOf(1), address(core), "still escrowed");
    }

    function test_repay_duringDefaultSaleRedeemsAtTheDebt() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _auctionLoan();
        vm.warp(_defaultTime(loan));
        loan = _startSale(loanId, loan);
        skip(1 hours);
        uint256 debt = _debt(loan);
        uint256 borrowerBefore = weth.balanceOf(borrower);

        vm.prank(borrower);
        core.repay(loanId, loan);

        assertEq(borrowerBefore - weth.balanceOf(borrower), debt, "debt, not the sale price");
        assertEq(nft.ownerOf(1), borrower, "redeemed");
        _assertClosed(loanId);
    }

    function testFuzz_repay_interestRoundsUpFeeRoundsDown(uint256 principal, uint256 aprBps, uint256 elapsed)
        public
    {
        principal = bound(principal, 1, 500 ether);
        aprBps = bound(aprBps, 0, MAX_APR_BPS);
        elapsed = bound(elapsed, 0, 2 * YEAR);
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.minPrincipal = 1;
        offer.maxPrincipal = principal;
        offer.capacity = principal;
        offer.aprBps = uint32(aprBps);
        (uint256 loanId, ILoanTypes.Loan memory loan) = _accept(offer, 1, principal);
        skip(elapsed);
        _fund(keeper, 25_000 ether, 0);
        uint256 interest = _interest(principal, aprBps, elapsed);
        uint256 fee = _feeOn(interest, FEE_BPS);
        uint256 lenderBefore = weth.balanceOf(lender);
        uint256 keeperBefore = weth.balanceOf(keeper);

        vm.prank(keeper);
        core.repay(loanId, loan);

        assertEq(keeperBefore - weth.balanceOf(keeper), principal + interest, "debt");
        assertEq(weth.balanceOf(lender) - lenderBefore, principal + interest - fee, "lender");
        assertEq(weth.balanceOf(treasury), fee, "treasury");
        assertEq(nft.ownerOf(1), borrower, "NFT back");
    }

    function testFuzz_repay_feeIsTheFloorOfInterestTimesFee(uint16 feeBps, uint256 principal, uint256 elapsed)
        public
    {
        feeBps = uint16(bound(feeBps, 0, 2500));
        principal = bound(principal, 1, 1 ether);
        elapsed = bound(elapsed, 1, 400 days);
        vm.prank(owner);
        core.setProtocolFee(feeBps);
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.minPrincipal = 1;
        offer.aprBps = 777;
        (uint256 loanId, ILoanTypes.Loan memory loan) = _accept(offer, 1, principal);
        skip(elapsed);
        uint256 interest = _interest(principal, 777, elapsed);
        uint256 lenderBefore = weth.balanceOf(lender);

        vm.prank(borrower);
        core.repay(loanId, loan);

        uint256 fee = weth.balanceOf(treasury);
        assertEq(fee, interest * feeBps / BPS, "floor");
        assertLe(fee * BPS, interest * feeBps, "never rounds up");
        assertEq(weth.balanceOf(lender) - lenderBefore, principal + interest - fee, "lender gets the rest");
    }
}
