// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {IncidentBaseTest} from "./IncidentBaseTest.sol";

/// @notice Incident class: settling an auction without a winning bid (BendDAO v2 H-07: after an auction
/// anyone could take the NFT without bidding, for lack of a caller check). Here the NFT of a defaulted
/// Auction loan leaves only through `buy` at a price of at least the debt, or, once the sale has run out
/// unsold, through `foreclose` by the lender-note holder.
contract AuctionSettledWithoutBidTest is IncidentBaseTest {
    uint256 internal constant SALE_DURATION = 2 days;

    uint256 internal loanId;
    ILoanTypes.Loan internal loan;

    function setUp() public override {
        super.setUp();
        (loanId, loan) = _accept(_auctionMode(_collectionOffer()), 1, 1 ether);
        _fund(attacker, 1000 ether, 1_000_000e6);
    }

    function _startSale() internal {
        _skipToDefault(loan);
        _recordAs(attacker);
        core.startSale(loanId, loan);
        loan = _lastLoan();
    }

    function test_foreclose_beforeSale_reverts() public {
        _skipToDefault(loan);
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.SaleNotStarted.selector, loanId));
        vm.prank(lender);
        core.foreclose(loanId, loan, lender);
    }

    function test_startSale_beforeDefault_reverts() public {
        uint256 defaultsAt = uint256(loan.startTime) + loan.duration + loan.gracePeriod + 1;
        vm.warp(defaultsAt - 1);
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.NotDefaulted.selector, loanId, defaultsAt));
        vm.prank(attacker);
        core.startSale(loanId, loan);
    }

    function test_foreclose_duringSale_reverts() public {
        _startSale();
        uint256 endsAt = uint256(loan.saleStart) + SALE_DURATION;
        vm.warp(endsAt - 1);
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.SaleNotOver.selector, loanId, endsAt));
        vm.prank(lender);
        core.foreclose(loanId, loan, lender);
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, attacker));
        vm.prank(attacker);
        core.foreclose(loanId, loan, attacker);
    }

    function test_buy_belowPrice_reverts() public {
        _startSale();
        skip(SALE_DURATION - 1);
        uint256 price = core.salePrice(loan, block.timestamp);
        (, uint256 debt) = core.debtAt(loan, block.timestamp);
        assertGt(price, debt, "premium must be positive until the end");
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.PriceAboveLimit.selector, price, price - 1));
        vm.prank(attacker);
        core.buy(loanId, loan, price - 1, attacker);
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.PriceAboveLimit.selector, price, 0));
        vm.prank(attacker);
        core.buy(loanId, loan, 0, attacker);
    }

    function test_afterSale_onlyLenderNoteHolderForecloses() public {
        _startSale();
        uint256 endsAt = uint256(loan.saleStart) + SALE_DURATION;
        vm.warp(endsAt);
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.SaleOver.selector, loanId, endsAt));
        vm.prank(attacker);
        core.buy(loanId, loan, type(uint256).max, attacker);
        address[2] memory outsiders = [attacker, borrower];
        for (uint256 i; i < outsiders.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, outsiders[i]));
            vm.prank(outsiders[i]);
            core.foreclose(loanId, loan, outsiders[i]);
        }
        // The lender note changed hands during the sale: its holder, not the original lender, forecloses.
        uint256 lenderNote = core.lenderNoteId(loanId);
        vm.prank(lender);
        core.transferFrom(lender, lender2, lenderNote);
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, lender));
        vm.prank(lender);
        core.foreclose(loanId, loan, lender);
        vm.prank(lender2);
        core.foreclose(loanId, loan, address(0));
        assertEq(nft.ownerOf(1), lender2);
        _assertClosed(loanId);
    }

    function testFuzz_buy_paysAtLeastTheDebt(uint256 elapsed) public {
        _startSale();
        elapsed = bound(elapsed, 0, SALE_DURATION - 1);
        skip(elapsed);
        uint256 price = core.salePrice(loan, block.timestamp);
        (uint256 interest, uint256 debt) = core.debtAt(loan, block.timestamp);
        uint256 fee = interest * loan.feeBps / 10_000;
        uint256 lenderBefore = weth.balanceOf(lender);
        uint256 borrowerBefore = weth.balanceOf(borrower);
        uint256 buyerBefore = weth.balanceOf(attacker);

        vm.prank(attacker);
        core.buy(loanId, loan, price, attacker);

        assertGe(price, debt);
        assertEq(buyerBefore - weth.balanceOf(attacker), price);
        assertEq(weth.balanceOf(lender) - lenderBefore, debt - fee);
        assertEq(weth.balanceOf(borrower) - borrowerBefore, price - debt);
        assertEq(nft.ownerOf(1), attacker);
        _assertClosed(loanId);
    }

    function test_repayPartial_duringSale_reverts_butFullRepayRedeems() public {
        _startSale();
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.SaleAlreadyStarted.selector, loanId));
        vm.prank(borrower);
        core.repayPartial(loanId, loan, 0.1 ether);
        vm.prank(borrower);
        core.repay(loanId, loan);
        assertEq(nft.ownerOf(1), borrower);
    }

    function test_foreclosureModeLoan_hasNoSale() public {
        (uint256 forecloseId, ILoanTypes.Loan memory forecloseLoan) = _accept(_collectionOffer(), 2, 1 ether);
        _skipToDefault(forecloseLoan);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.WrongDefaultMode.selector, forecloseId, ILoanTypes.DefaultMode.Foreclose
            )
        );
        vm.prank(attacker);
        core.startSale(forecloseId, forecloseLoan);
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.SaleNotStarted.selector, forecloseId));
        vm.prank(attacker);
        core.buy(forecloseId, forecloseLoan, type(uint256).max, attacker);
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, attacker));
        vm.prank(attacker);
        core.foreclose(forecloseId, forecloseLoan, attacker);
    }

    function test_openTermAuctionLoan_saleOnlyAfterRefinancingAuction() public {
        ILoanTypes.LoanOffer memory openTerm = _auctionMode(_collectionOffer());
        openTerm.duration = 0;
        (uint256 openId, ILoanTypes.Loan memory open) = _accept(openTerm, 2, 1 ether);
        skip(3 days);
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.LoanNotCalled.selector, openId));
        vm.prank(attacker);
        core.startSale(openId, open);
        _recordAs(lender);
        core.callLoan(openId, open);
        open = _lastLoan();
        uint256 defaultsAt = uint256(open.callTime) + 2 days;
        vm.warp(defaultsAt - 1);
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.NotDefaulted.selector, openId, defaultsAt));
        vm.prank(attacker);
        core.startSale(openId, open);
        vm.warp(defaultsAt);
        vm.prank(attacker);
        core.startSale(openId, open);
    }
}
