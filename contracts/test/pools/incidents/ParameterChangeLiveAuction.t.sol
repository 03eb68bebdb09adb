// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IFloorOracle} from "../../../src/interfaces/IFloorOracle.sol";
import {ILendingPoolTypes} from "../../../src/interfaces/ILendingPoolTypes.sol";
import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {PoolIncidentBase} from "./PoolIncidentBase.sol";

/// @notice Incident class: a parameter change reaching live positions. BendDAO v2 (Code4rena, July 2024,
/// M-17): changing a collection's auctionDuration changed the end of auctions already running; BendDAO
/// v1 (August 2022, BIP#9) lowered the liquidation threshold of live loans week by week. Here the owner
/// changes everything in a collection's config (threshold, LTV, auction duration, start, floor, penalty,
/// disable) while a loan is live and while an auction runs: the loan's health factor, the auction's price
/// curve, restart step and penalty stay those of the version they started under. And a stale or paused
/// oracle (or disabled borrowing) never blocks repay, liquidation, redeem, buy or restart - only new
/// borrowing.
contract ParameterChangeLiveAuctionTest is PoolIncidentBase {
    uint256 internal loanId;
    ILoanTypes.Loan internal loan;

    function setUp() public override {
        super.setUp();
        _deposit(wethPool, lender, 200 ether);
        (loanId, loan) = _borrow(1, 4 ether);
    }

    /// @dev Harsher rules on every field (and new loans disabled).
    function _harsh() internal pure returns (ILendingPoolTypes.CollectionConfig memory c) {
        c = _collectionConfig(1000 ether);
        c.enabled = false;
        c.ltvBps = 2000;
        c.liquidationThresholdBps = 3000;
        c.maxDuration = 1 days;
        c.auctionDuration = 1 hours;
        c.auctionStartBps = 50_000;
        c.auctionFloorBps = 9000;
        c.redemptionPenaltyBps = 2000;
    }

    /// @dev Every field of the harsh config differs from the default the live positions started under.
    function test_harshConfigChangesEveryField() public pure {
        ILendingPoolTypes.CollectionConfig memory d = _collectionConfig(1000 ether);
        ILendingPoolTypes.CollectionConfig memory h = _harsh();
        assertTrue(d.enabled && !h.enabled);
        assertNotEq(d.ltvBps, h.ltvBps);
        assertNotEq(d.liquidationThresholdBps, h.liquidationThresholdBps);
        assertNotEq(d.maxDuration, h.maxDuration);
        assertNotEq(d.auctionDuration, h.auctionDuration);
        assertNotEq(d.auctionStartBps, h.auctionStartBps);
        assertNotEq(d.auctionFloorBps, h.auctionFloorBps);
        assertNotEq(d.redemptionPenaltyBps, h.redemptionPenaltyBps);
    }

    function test_configChangeKeepsLiveLoanHealth() public {
        // A drop that leaves the loan healthy under the old threshold (60%) but not under 30%.
        _setFloor(FLOOR * 75 / 100);
        uint256 hf = wethPool.healthFactor(loanId, loan);
        assertGe(hf, WAD, "healthy at 60%");
        vm.prank(poolOwner);
        wethPool.setCollectionConfig(address(nft), _harsh());
        vm.prank(poolGuardian);
        wethPool.setBorrowingDisabled(address(nft), true);
        assertEq(wethPool.healthFactor(loanId, loan), hf, "health factor unchanged");
        vm.prank(keeper);
        vm.expectPartialRevert(ILendingPoolTypes.LoanHealthy.selector);
        wethPool.startLiquidation(loanId, loan);
        // Its duration too: 1 day max for new loans does not make a 30-day loan overdue.
        skip(2 days);
        _setFloor(FLOOR * 75 / 100);
        vm.prank(keeper);
        vm.expectPartialRevert(ILendingPoolTypes.LoanHealthy.selector);
        wethPool.startLiquidation(loanId, loan);
        // Repayment works with the collection disabled.
        vm.prank(borrower);
        core.repay(loanId, loan);
        assertEq(nft.ownerOf(1), borrower, "repaid");
    }

    function test_configChangeKeepsLiveAuctionCurveAndRestart() public {
        _makeUnhealthy(wethPool, loanId, loan);
        ILendingPoolTypes.Auction memory auction = _startLiquidation(wethPool, loanId, loan);
        ILendingPoolTypes.CollectionConfig memory c = _collectionConfig(0);
        uint256 value = oracle.liquidationPrice(address(nft));
        assertEq(auction.startPrice, value * c.auctionStartBps / BPS, "default start (130%)");
        assertEq(auction.floorPrice, value * c.auctionFloorBps / BPS, "default floor (70%)");
        vm.prank(poolOwner);
        wethPool.setCollectionConfig(address(nft), _harsh());

        // Under the harsh config the auction would have ended after 1 hour at 90%; it still decays
        // linearly over the default duration from the default start to the default floor.
        skip(c.auctionDuration / 4);
        uint256 expected = auction.floorPrice + (auction.startPrice - auction.floorPrice) * 3 / 4;
        assertApproxEqAbs(wethPool.auctionPrice(auction, block.timestamp), expected, 1, "original curve");
        vm.prank(keeper);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILendingPoolTypes.AuctionNotOver.selector,
                loanId,
                uint256(auction.startTime) + c.auctionDuration
            )
        );
        wethPool.restart(loanId, auction);

        skip(c.auctionDuration - c.auctionDuration / 4);
        vm.prank(keeper);
        ILendingPoolTypes.Auction memory restarted = wethPool.restart(loanId, auction);
        assertEq(restarted.startPrice, auction.floorPrice, "restart from the old floor");
        assertEq(restarted.floorPrice, auction.floorPrice * c.auctionFloorBps / BPS, "original floor step");
        assertEq(restarted.duration, c.auctionDuration, "original duration");
        assertEq(restarted.penaltyBps, c.redemptionPenaltyBps, "original penalty");
        uint256 paid = _buy(wethPool, loanId, restarted, buyer);
        assertEq(paid, restarted.startPrice, "bought at the restart's start");
        assertEq(nft.ownerOf(1), buyer, "sold");
    }

    function test_configChangeKeepsRedemptionPenalty() public {
        _makeUnhealthy(wethPool, loanId, loan);
        ILendingPoolTypes.Auction memory auction = _startLiquidation(wethPool, loanId, loan);
        vm.prank(poolOwner);
        wethPool.setCollectionConfig(address(nft), _harsh());
        uint256 keeperBefore = weth.balanceOf(keeper);
        vm.prank(borrower);
        weth.approve(address(wethPool), type(uint256).max);
        vm.prank(borrower);
        uint256 paid = wethPool.redeemLoan(loanId, auction);
        uint256 penalty = (auction.debt * _collectionConfig(0).redemptionPenaltyBps + BPS - 1) / BPS;
        assertEq(paid, auction.debt + penalty, "debt + the original penalty (5%)");
        assertEq(weth.balanceOf(keeper) - keeperBefore, penalty, "penalty to the starter");
        assertEq(nft.ownerOf(1), borrower, "redeemed");
    }

    function test_stalePausedOracleBlocksOnlyBorrowing() public {
        (uint256 loanId2, ILoanTypes.Loan memory loan2) = _borrow(2, 4 ether);
        (uint256 loanId3, ILoanTypes.Loan memory loan3) = _borrow(3, 4 ether);
        _makeUnhealthy(wethPool, loanId, loan);
        ILendingPoolTypes.Auction memory a1 = _startLiquidation(wethPool, loanId, loan);
        ILendingPoolTypes.Auction memory a2 = _startLiquidation(wethPool, loanId2, loan2);

        // The oracle goes stale (no report for longer than maxStaleness) and is paused.
        skip(MAX_STALENESS + 1);
        vm.prank(owner);
        oracle.setPaused(address(nft), true);
        vm.expectPartialRevert(IFloorOracle.PricePaused.selector);
        oracle.borrowPrice(address(nft));
        vm.expectPartialRevert(IFloorOracle.PricePaused.selector);
        wethPool.maxBorrow(address(nft), 4, BPS, noProof);
        vm.expectPartialRevert(IFloorOracle.PricePaused.selector);
        this.borrowAs(4, 1 ether);

        // Everything else works.
        vm.prank(keeper);
        wethPool.startLiquidation(loanId3, loan3);
        vm.startPrank(borrower);
        weth.approve(address(wethPool), type(uint256).max);
        wethPool.redeemLoan(loanId, a1);
        vm.stopPrank();
        assertEq(nft.ownerOf(1), borrower, "redeemed while stale and paused");
        skip(a2.duration); // the first decay is over
        ILendingPoolTypes.Auction memory restarted = wethPool.restart(loanId2, a2);
        _buy(wethPool, loanId2, restarted, buyer);
        assertEq(nft.ownerOf(2), buyer, "restarted and bought while stale and paused");
    }

    function test_staleOracleNeverBlocksRepay() public {
        skip(MAX_STALENESS + 1);
        vm.prank(owner);
        oracle.setPaused(address(nft), true);
        vm.prank(poolGuardian);
        wethPool.setBorrowingDisabled(address(nft), true);
        assertGt(wethPool.healthFactor(loanId, loan), 0, "health still readable");
        vm.prank(borrower);
        core.repay(loanId, loan);
        assertEq(nft.ownerOf(1), borrower, "repaid while stale, paused and disabled");
    }

    /// @dev External so a revert can be expected on one borrow.
    function borrowAs(uint256 tokenId, uint256 principal) external {
        _borrow(tokenId, principal);
    }
}
