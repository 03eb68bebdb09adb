// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {UnitBase} from "./UnitBase.sol";

/// @dev An Auction-mode loan of 1 WETH at 10% whose default sale started at its default time; keeper buys.
contract BuyTest is UnitBase {
    uint256 internal loanId;
    ILoanTypes.Loan internal loan;
    uint256 internal debtAtStart;

    function setUp() public override {
        super.setUp();
        (loanId, loan) = _auctionLoan();
        vm.warp(_defaultTime(loan));
        loan = _startSale(loanId, loan);
        debtAtStart = _debt(loan);
    }

    /// @dev Debt now plus a premium falling linearly from 300% of the debt at sale start, rounded up.
    function _expectedPrice() internal view returns (uint256) {
        uint256 elapsed = block.timestamp - loan.saleStart;
        if (elapsed >= SALE_DURATION) return _debt(loan);
        uint256 numerator = debtAtStart * SALE_PREMIUM_BPS * (SALE_DURATION - elapsed);
        uint256 denominator = BPS * SALE_DURATION;
        return _debt(loan) + numerator / denominator + (numerator % denominator == 0 ? 0 : 1);
    }

    function _saleEnd() internal view returns (uint256) {
        return uint256(loan.saleStart) + SALE_DURATION;
    }

    function test_buy_atSaleStartPaysFourTimesTheDebt() public {
        uint256 price = 4 * debtAtStart;
        uint256 interest = debtAtStart - 1 ether;
        uint256 fee = _feeOn(interest, FEE_BPS);
        uint256 lenderBefore = weth.balanceOf(lender);
        uint256 borrowerBefore = weth.balanceOf(borrower);
        uint256 keeperBefore = weth.balanceOf(keeper);

        vm.prank(keeper);
        core.buy(loanId, loan, price, keeper);

        assertEq(keeperBefore - weth.balanceOf(keeper), price, "buyer paid the price");
        assertEq(weth.balanceOf(lender) - lenderBefore, debtAtStart - fee, "lender: debt minus fee");
        assertEq(weth.balanceOf(treasury), fee, "treasury: fee");
        assertEq(weth.balanceOf(borrower) - borrowerBefore, price - debtAtStart, "borrower: the surplus");
        assertEq(nft.ownerOf(1), keeper, "NFT to the buyer");
        _assertClosed(loanId);
    }

    function test_buy_emitsCollateralSoldAndClosed() public {
        skip(SALE_DURATION / 2);
        uint256 price = _expectedPrice();
        uint256 debt = _debt(loan);
        uint256 interest = debt - 1 ether;

        vm.expectEmit(address(core));
        emit ILoanTypes.CollateralSold(loanId, keeper, price, debt, price - debt);
        vm.expectEmit(address(core));
        emit ILoanTypes.LoanRepaid(loanId, keeper, interest, 1 ether, _feeOn(interest, FEE_BPS));
        vm.expectEmit(address(core));
        emit ILoanTypes.LoanClosed(loanId, keeper, CLOSED_SOLD);
        vm.prank(keeper);
        core.buy(loanId, loan, price, keeper);
    }

    function test_buy_premiumHalvesHalfWay() public {
        skip(SALE_DURATION / 2);
        uint256 debt = _debt(loan);

        uint256 price = core.salePrice(loan, block.timestamp);

        assertEq(price, debt + debtAtStart * 3 / 2, "debt + 150% of the debt at sale start");
        assertEq(price, _expectedPrice(), "formula");
    }

    function test_buy_lastSecondPriceIsAboutTheDebt() public {
        vm.warp(_saleEnd() - 1);
        uint256 debt = _debt(loan);
        uint256 price = core.salePrice(loan, block.timestamp);
        assertEq(price, _expectedPrice(), "formula");
        assertLe(
            price - debt, debtAtStart * SALE_PREMIUM_BPS / BPS / SALE_DURATION + 1, "one second of premium"
        );
        uint256 borrowerBefore = weth.balanceOf(borrower);

        vm.prank(keeper);
        core.buy(loanId, loan, price, keeper);

        assertEq(weth.balanceOf(borrower) - borrowerBefore, price - debt, "tiny surplus");
    }

    function test_buy_deliversToAnotherAddress() public {
        address vault = makeAddr("vault");

        vm.prank(keeper);
        core.buy(loanId, loan, type(uint256).max, vault);

        assertEq(nft.ownerOf(1), vault, "NFT to `to`");
    }

    function test_buy_zeroToMeansTheBuyer() public {
        vm.prank(keeper);
        core.buy(loanId, loan, type(uint256).max, address(0));

        assertEq(nft.ownerOf(1), keeper, "NFT to the caller");
    }

    function test_buy_surplusGoesToTheBorrowerNoteHolder() public {
        address noteBuyer = makeAddr("noteBuyer");
        _transferBorrowerNote(loanId, noteBuyer);
        skip(1 hours);
        uint256 surplus = _expectedPrice() - _debt(loan);
        uint256 borrowerBefore = weth.balanceOf(borrower);

        vm.prank(keeper);
        core.buy(loanId, loan, type(uint256).max, keeper);

        assertEq(weth.balanceOf(noteBuyer), surplus, "note holder gets the surplus");
        assertEq(weth.balanceOf(borrower), borrowerBefore, "original borrower nothing");
    }

    function test_buy_revertsAboveMaxPrice() public {
        skip(1 hours);
        uint256 price = _expectedPrice();

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.PriceAboveLimit.selector, price, price - 1));
        vm.prank(keeper);
        core.buy(loanId, loan, price - 1, keeper);
    }

    function test_buy_revertsAfterTheSaleEnded() public {
        vm.warp(_saleEnd());

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.SaleOver.selector, loanId, _saleEnd()));
        vm.prank(keeper);
        core.buy(loanId, loan, type(uint256).max, keeper);
    }

    function test_buy_afterTheSaleEndedTheLenderForecloses() public {
        vm.warp(_saleEnd());
        vm.prank(lender);
        core.foreclose(loanId, loan, lender);

        assertEq(nft.ownerOf(1), lender, "lender took the unsold NFT");
    }

    function test_buy_revertsWhenTheSaleHasNotStarted() public {
        (uint256 otherId, ILoanTypes.Loan memory other) = _accept(_auctionOffer(), 2, 1 ether);
        vm.warp(_defaultTime(other));

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.SaleNotStarted.selector, otherId));
        vm.prank(keeper);
        core.buy(otherId, other, type(uint256).max, keeper);
    }

    function test_buy_revertsWhenBuyerCannotPay() public {
        uint256 debt = _debt(loan);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.PaymentFailed.selector,
                address(weth),
                attacker,
                debt - _feeOn(debt - 1 ether, FEE_BPS)
            )
        );
        vm.prank(attacker);
        core.buy(loanId, loan, type(uint256).max, attacker);
        assertEq(nft.ownerOf(1), address(core), "still escrowed");
    }

    function testFuzz_buy_priceCurveAndPayments(uint256 elapsed) public {
        elapsed = bound(elapsed, 0, SALE_DURATION - 1);
        skip(elapsed);
        uint256 price = _expectedPrice();
        uint256 debt = _debt(loan);
        uint256 fee = _feeOn(debt - 1 ether, FEE_BPS);
        assertEq(core.salePrice(loan, block.timestamp), price, "price");
        assertGe(price, debt, "never below the debt");
        uint256 lenderBefore = weth.balanceOf(lender);
        uint256 borrowerBefore = weth.balanceOf(borrower);
        uint256 keeperBefore = weth.balanceOf(keeper);

        vm.prank(keeper);
        core.buy(loanId, loan, price, keeper);

        assertEq(keeperBefore - weth.balanceOf(keeper), price, "buyer");
        assertEq(weth.balanceOf(lender) - lenderBefore, debt - fee, "lender");
        assertEq(weth.balanceOf(treasury), fee, "treasury");
        assertEq(weth.balanceOf(borrower) - borrowerBefore, price - debt, "borrower");
    }

    function testFuzz_buy_priceNeverRisesDuringTheSale(uint256 first, uint256 second) public view {
        first = bound(first, 0, SALE_DURATION - 1);
        second = bound(second, first, SALE_DURATION - 1);
        uint256 start = loan.saleStart;

        // The premium falls faster than 10% APR interest grows.
        assertGe(core.salePrice(loan, start + first), core.salePrice(loan, start + second), "non-increasing");
    }
}
