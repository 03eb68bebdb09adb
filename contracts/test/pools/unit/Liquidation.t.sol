// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILendingPoolTypes} from "../../../src/interfaces/ILendingPoolTypes.sol";
import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {LendingPoolExtension} from "../../../src/pools/LendingPoolExtension.sol";
import {PoolBaseTest} from "../PoolBaseTest.sol";

/// @notice Health factor, startLiquidation (every rejection), buy (surplus, bad debt), redemption,
/// restart, claim; all of it while the oracle is stale or paused and borrowing is disabled.
contract PoolLiquidationTest is PoolBaseTest {
    uint256 internal loanId;
    ILoanTypes.Loan internal loan;
    ILendingPoolTypes.CollectionConfig internal config;

    function setUp() public override {
        super.setUp();
        _deposit(wethPool, lender, 100 ether);
        (loanId, loan) = _borrow(1, 4 ether);
        config = _collectionConfig(0);
    }

    function _crash(uint256 price) internal returns (ILendingPoolTypes.Auction memory) {
        _setFloor(price);
        return _startLiquidation(wethPool, loanId, loan);
    }

    function test_healthFactor_isLiquidationValueTimesThresholdOverDebt() public {
        uint256 threshold = config.liquidationThresholdBps;
        assertEq(wethPool.healthFactor(loanId, loan), 10 ether * threshold * WAD / (4 ether * BPS));
        skip(10 days);
        assertEq(wethPool.healthFactor(loanId, loan), 10 ether * threshold * WAD / (_debt(loan) * BPS));
        ILoanTypes.Loan memory wrong = loan;
        wrong.principal = 1;
        vm.expectRevert();
        wethPool.healthFactor(loanId, wrong);
    }

    function test_startLiquidation_revertsWhileHealthy() public {
        uint256 hf = wethPool.healthFactor(loanId, loan);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILendingPoolTypes.LoanHealthy.selector, loanId, hf, uint256(loan.startTime) + loan.duration
            )
        );
        vm.prank(keeper);
        wethPool.startLiquidation(loanId, loan);
    }

    function test_startLiquidation_revertsForAnUnknownLoanOrAWrongStruct() public {
        vm.expectRevert(abi.encodeWithSelector(ILendingPoolTypes.LoanNotManaged.selector, 42));
        vm.prank(keeper);
        wethPool.startLiquidation(42, loan);
        _setFloor(6 ether);
        ILoanTypes.Loan memory wrong = loan;
        wrong.principal = 1 ether; // the core rejects the struct, the whole call reverts
        vm.expectRevert();
        vm.prank(keeper);
        wethPool.startLiquidation(loanId, wrong);
    }

    function test_startLiquidation_pastTheDurationEvenWhenHealthy() public {
        skip(30 days + 1);
        assertGt(wethPool.healthFactor(loanId, loan), WAD);
        ILendingPoolTypes.Auction memory auction = _startLiquidation(wethPool, loanId, loan);
        assertEq(nft.ownerOf(1), address(wethPool));
        assertEq(auction.debt, _debt(loan));
    }

    function test_startLiquidation_recordsTheAuctionWithoutMovingAssets() public {
        _setFloor(6 ether);
        skip(1 days);
        uint256 assetsBefore = wethPool.totalAssets();
        uint256 debt = _debt(loan);
        ILendingPoolTypes.Auction memory auction = _startLiquidation(wethPool, loanId, loan);
        assertEq(wethPool.totalAssets(), assetsBefore, "book value replaces the loan exactly");
        assertEq(auction.borrower, borrower);
        assertEq(auction.starter, keeper);
        assertEq(auction.debt, debt);
        assertEq(auction.principal, 4 ether);
        assertEq(auction.startPrice, 6 ether * uint256(config.auctionStartBps) / BPS, "start: 130% of 6");
        assertEq(auction.floorPrice, 6 ether * uint256(config.auctionFloorBps) / BPS, "floor: 70% of 6");
        assertEq(auction.duration, config.auctionDuration);
        assertEq(auction.floorBps, config.auctionFloorBps);
        assertEq(auction.penaltyBps, config.redemptionPenaltyBps);
        assertEq(auction.round, 0);
        assertEq(wethPool.auctionHash(loanId) != 0, true);
        assertEq(wethPool.loanRecord(loanId).principal, 0);
        assertEq(wethPool.totals().lent, auction.bookValue);
        assertLe(auction.bookValue, debt);
        assertEq(wethPool.collectionState(address(nft)).exposure, 4 ether, "exposure until sold");
    }

    function test_buy_aboveDebtOwesTheSurplusToTheBorrower() public {
        ILendingPoolTypes.Auction memory auction = _crash(6 ether);
        skip(auction.duration / 2); // half way: (7.8 + 4.2) / 2 = 6
        uint256 price = wethPool.auctionPrice(auction, block.timestamp);
        assertEq(price, (auction.startPrice + auction.floorPrice) / 2);
        assertGt(price, auction.debt, "above the debt");
        (uint256 assets, uint256 shares) = _sharePrice(wethPool);
        vm.expectRevert(abi.encodeWithSelector(ILendingPoolTypes.PriceAboveLimit.selector, price, price - 1));
        vm.prank(buyer);
        wethPool.buy(loanId, auction, price - 1, buyer);
        _buy(wethPool, loanId, auction, buyer);
        assertEq(nft.ownerOf(1), buyer);
        assertEq(wethPool.claimable(borrower), price - auction.debt);
        _assertSharePriceNotBelow(wethPool, assets, shares, "sale above book value");
        ILendingPoolTypes.Totals memory t = wethPool.totals();
        assertEq(t.reserves, auction.debt - auction.bookValue);
        assertEq(t.badDebt, 0);
        assertEq(weth.balanceOf(address(wethPool)), t.cash + t.reserves + t.claimable);
        assertEq(wethPool.collectionState(address(nft)).exposure, 0);
        vm.expectRevert(abi.encodeWithSelector(ILendingPoolTypes.AuctionNotFound.selector, loanId));
        _buy(wethPool, loanId, auction, buyer);

        uint256 before = weth.balanceOf(borrower);
        vm.prank(borrower);
        wethPool.claim(address(0));
        assertEq(weth.balanceOf(borrower) - before, price - auction.debt);
        vm.expectRevert(abi.encodeWithSelector(ILendingPoolTypes.NothingToClaim.selector, borrower));
        vm.prank(borrower);
        wethPool.claim(borrower);
    }

    /// @dev A loan liquidated at health factor 1 is covered by a sale at the floor (floor > threshold).
    function test_buy_atTheFloorCoversALoanLiquidatedAtHealthOne() public {
        assertGt(config.auctionFloorBps, config.liquidationThresholdBps, "floor above the threshold");
        // The largest floor that makes the loan liquidatable: value * threshold < debt.
        ILendingPoolTypes.Auction memory auction =
            _crash(_debt(loan) * BPS / config.liquidationThresholdBps - 1);
        skip(auction.duration);
        assertEq(wethPool.auctionPrice(auction, block.timestamp), auction.floorPrice);
        _buy(wethPool, loanId, auction, buyer);
        assertEq(wethPool.totals().badDebt, 0, "no bad debt");
        assertEq(wethPool.claimable(borrower), auction.floorPrice - auction.debt, "surplus to the borrower");
    }

    /// @dev A collapse the keeper was too late for: the floor is below the book value.
    function test_buy_belowBookValueWritesOffBadDebt() public {
        ILendingPoolTypes.Auction memory auction = _crash(5 ether);
        skip(auction.duration); // floor: 3.5
        assertEq(auction.floorPrice, 5 ether * uint256(config.auctionFloorBps) / BPS);
        assertLt(auction.floorPrice, auction.bookValue);
        vm.expectEmit(address(wethPool));
        emit ILendingPoolTypes.BadDebtWrittenOff(loanId, auction.bookValue - auction.floorPrice);
        _buy(wethPool, loanId, auction, buyer);
        ILendingPoolTypes.Totals memory t = wethPool.totals();
        assertEq(t.badDebt, auction.bookValue - auction.floorPrice);
        assertEq(wethPool.totalAssets(), 96 ether + auction.floorPrice, "cash left plus the sale");
    }

    function test_buy_revertsForATamperedAuction() public {
        ILendingPoolTypes.Auction memory auction = _crash(6 ether);
        auction.floorPrice = 0;
        vm.expectRevert();
        _buy(wethPool, loanId, auction, buyer);
    }

    function test_redeemLoan_paysDebtAndPenaltyAndReturnsTheNft() public {
        ILendingPoolTypes.Auction memory auction = _crash(6 ether);
        skip(2 hours);
        uint256 penalty = (auction.debt * config.redemptionPenaltyBps + BPS - 1) / BPS;
        uint256 keeperBefore = weth.balanceOf(keeper);
        (uint256 assets, uint256 shares) = _sharePrice(wethPool);
        vm.prank(lender2); // anyone may pay for the borrower
        uint256 paid = wethPool.redeemLoan(loanId, auction);
        assertEq(paid, auction.debt + penalty);
        assertEq(weth.balanceOf(keeper) - keeperBefore, penalty, "starter paid");
        assertEq(nft.ownerOf(1), borrower, "NFT back to the borrower");
        _assertSharePriceNotBelow(wethPool, assets, shares, "redemption");
    }

    function test_redeemLoan_booksThePenaltyOfABlacklistedStarter() public {
        _deposit(usdPool, lender, 100_000e6);
        (uint256 usdLoanId, ILoanTypes.Loan memory usdLoan) = _borrow(usdPool, borrower2, 6, 12_000e6);
        _setFloor(6 ether);
        ILendingPoolTypes.Auction memory auction = _startLiquidation(usdPool, usdLoanId, usdLoan);
        vm.prank(owner);
        usd.setBlacklisted(keeper, true);
        vm.prank(borrower2);
        usdPool.redeemLoan(usdLoanId, auction);
        uint256 penalty = (auction.debt * config.redemptionPenaltyBps + BPS - 1) / BPS;
        assertEq(usdPool.claimable(keeper), penalty);
        assertEq(nft.ownerOf(6), borrower2);
        vm.prank(keeper);
        usdPool.claim(lender2);
        assertEq(usdPool.claimable(keeper), 0);
    }

    function test_restart_onlyAfterTheDecayFromTheFloorDown() public {
        ILendingPoolTypes.Auction memory auction = _crash(6 ether);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILendingPoolTypes.AuctionNotOver.selector,
                loanId,
                uint256(auction.startTime) + auction.duration
            )
        );
        wethPool.restart(loanId, auction);
        skip(auction.duration - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILendingPoolTypes.AuctionNotOver.selector,
                loanId,
                uint256(auction.startTime) + auction.duration
            )
        );
        wethPool.restart(loanId, auction);
        skip(1);
        ILendingPoolTypes.Auction memory next = wethPool.restart(loanId, auction);
        assertEq(next.startPrice, auction.floorPrice, "from the last floor");
        assertEq(next.floorPrice, auction.floorPrice * config.auctionFloorBps / BPS, "one floor step down");
        assertEq(next.duration, auction.duration);
        assertEq(next.round, 1);
        vm.expectRevert();
        _buy(wethPool, loanId, auction, buyer); // the old one is gone
        skip(next.duration / 2);
        assertEq(_buy(wethPool, loanId, next, buyer), (next.startPrice + next.floorPrice) / 2);
    }

    function test_auctions_workWhileTheOracleIsPausedStaleAndBorrowingDisabled() public {
        _setFloor(6 ether);
        vm.prank(owner);
        oracle.setPaused(address(nft), true);
        vm.prank(poolGuardian);
        wethPool.setBorrowingDisabled(address(nft), true);
        skip(2 days); // stale
        ILendingPoolTypes.Auction memory auction = _startLiquidation(wethPool, loanId, loan);
        skip(auction.duration);
        auction = wethPool.restart(loanId, auction);
        vm.prank(borrower);
        wethPool.redeemLoan(loanId, auction);
        assertEq(nft.ownerOf(1), borrower);
    }

    function test_extension_cannotBeCalledDirectly() public {
        LendingPoolExtension extension = LendingPoolExtension(wethPool.extension());
        vm.expectRevert(LendingPoolExtension.NotDelegated.selector);
        extension.claim(address(this));
    }

    function testFuzz_auctionPrice_decaysLinearlyFromStartToFloor(uint256 elapsed) public {
        ILendingPoolTypes.Auction memory auction = _crash(6 ether);
        elapsed = bound(elapsed, 0, 3 days);
        uint256 price = wethPool.auctionPrice(auction, block.timestamp + elapsed);
        assertLe(price, auction.startPrice);
        assertGe(price, auction.floorPrice);
        if (elapsed >= auction.duration) assertEq(price, auction.floorPrice);
        if (elapsed > 0) assertLe(price, wethPool.auctionPrice(auction, block.timestamp + elapsed - 1));
    }
}
