// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILendingPoolTypes} from "../../../src/interfaces/ILendingPoolTypes.sol";
import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {LendingPool} from "../../../src/pools/LendingPool.sol";
import {LendingPoolBase} from "../../../src/pools/LendingPoolBase.sol";
import {PoolBaseTest} from "../PoolBaseTest.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

// Config fields are bounded before each narrowing cast.
// forge-lint: disable-start(unsafe-typecast)
/// @notice The pool's admin: config versions never reach live loans or auctions, every rejection of
/// `setCollectionConfig`, the reserve factor's cap, `collectReserves`, `setTreasury`, the guardian's
/// one-way switch, and the two-step ownership transfer.
contract PoolAdminTest is PoolBaseTest {
    uint256 internal loanId;
    ILoanTypes.Loan internal loan;

    function setUp() public override {
        super.setUp();
        _deposit(wethPool, lender, 100 ether);
        (loanId, loan) = _borrow(1, 4 ether);
    }

    /*//////////////////////////////////////////////////////////////
                        CONFIG VERSIONS AND LIVE POSITIONS
    //////////////////////////////////////////////////////////////*/

    /// @dev Any valid config (fields bounded to the pool's accepted ranges).
    function _anyConfig(ILendingPoolTypes.CollectionConfig memory c)
        internal
        view
        returns (ILendingPoolTypes.CollectionConfig memory)
    {
        c.liquidationThresholdBps = uint16(bound(c.liquidationThresholdBps, 2, BPS));
        c.ltvBps = uint16(bound(c.ltvBps, 1, c.liquidationThresholdBps - 1));
        c.maxDuration = uint32(bound(c.maxDuration, 1, wethPool.MAX_LOAN_DURATION()));
        c.exposureCap = uint128(bound(c.exposureCap, 0, wethPool.MAX_TOTAL_ASSETS()));
        c.auctionDuration = uint32(
            bound(c.auctionDuration, wethPool.MIN_AUCTION_DURATION(), wethPool.MAX_AUCTION_DURATION())
        );
        c.auctionStartBps = uint32(bound(c.auctionStartBps, BPS + 1, wethPool.MAX_AUCTION_START_BPS()));
        c.auctionFloorBps = uint16(bound(c.auctionFloorBps, 1, BPS - 1));
        c.redemptionPenaltyBps =
            uint16(bound(c.redemptionPenaltyBps, 0, wethPool.MAX_REDEMPTION_PENALTY_BPS()));
        return c;
    }

    /// @dev A new version (any valid config) leaves the live loan's health factor, version and
    /// liquidatability, and the live auction's curve, restart step, duration and penalty as they were.
    function testFuzz_configChange_neverReachesLiveLoansOrAuctions(
        ILendingPoolTypes.CollectionConfig memory next,
        uint256 elapsed
    ) public {
        next = _anyConfig(next);
        (uint256 liveId, ILoanTypes.Loan memory live) = _borrow(wethPool, borrower2, 6, 2 ether);
        // At 6.5 the setUp loan (4) goes to auction (6.5 x 60% < 4); the 2-unit loan stays healthy.
        _setFloor(6.5 ether);
        (uint256 otherId, ILoanTypes.Loan memory other) = (loanId, loan);
        ILendingPoolTypes.Auction memory auction = _startLiquidation(wethPool, otherId, other);
        elapsed = bound(elapsed, 0, auction.duration);
        uint256 hf = wethPool.healthFactor(liveId, live);
        assertGe(hf, WAD, "live loan healthy");
        uint32 version = wethPool.loanRecord(liveId).version;
        uint256 price = wethPool.auctionPrice(auction, block.timestamp + elapsed);
        bytes32 stored = wethPool.auctionHash(otherId);

        vm.prank(poolOwner);
        uint32 newVersion = wethPool.setCollectionConfig(address(nft), next);
        assertEq(newVersion, version + 1, "a new version");
        assertEq(wethPool.collectionState(address(nft)).version, newVersion);

        assertEq(wethPool.healthFactor(liveId, live), hf, "health factor unchanged");
        assertEq(wethPool.loanRecord(liveId).version, version, "loan keeps its version");
        assertEq(wethPool.auctionHash(otherId), stored, "auction unchanged");
        assertEq(wethPool.auctionPrice(auction, block.timestamp + elapsed), price, "auction curve unchanged");
        vm.prank(keeper);
        vm.expectPartialRevert(ILendingPoolTypes.LoanHealthy.selector);
        wethPool.startLiquidation(liveId, live);
        // The restart follows the auction's own step and duration.
        skip(auction.duration);
        ILendingPoolTypes.Auction memory restarted = wethPool.restart(otherId, auction);
        assertEq(restarted.floorPrice, auction.floorPrice * auction.floorBps / BPS, "original step");
        assertEq(restarted.duration, auction.duration, "original duration");
        // The redemption pays the original penalty.
        uint256 penalty = (auction.debt * _collectionConfig(0).redemptionPenaltyBps + BPS - 1) / BPS;
        vm.prank(borrower);
        assertEq(wethPool.redeemLoan(otherId, restarted), auction.debt + penalty, "original penalty");
    }

    /// @dev The live loan keeps the liquidation threshold of its version: after the threshold drops to
    /// the LTV + 1, a loan healthy under 60% is still not liquidatable; a new loan is judged by the new one.
    function test_configChange_newLoansUseTheNewVersion() public {
        ILendingPoolTypes.CollectionConfig memory c = _collectionConfig(1000 ether);
        c.ltvBps = 1000;
        c.liquidationThresholdBps = 1001;
        vm.prank(poolOwner);
        uint32 v2 = wethPool.setCollectionConfig(address(nft), c);
        (uint256 newId, ILoanTypes.Loan memory newLoan) = _borrow(wethPool, borrower, 2, 1 ether);
        assertEq(wethPool.loanRecord(newId).version, v2);
        assertEq(wethPool.loanRecord(loanId).version, v2 - 1);
        assertEq(wethPool.healthFactor(newId, newLoan), FLOOR * 1001 * WAD / (1 ether * BPS));
        assertEq(
            wethPool.healthFactor(loanId, loan),
            FLOOR * _collectionConfig(0).liquidationThresholdBps * WAD / (4 ether * BPS)
        );
        (address collection, ILendingPoolTypes.CollectionConfig memory stored) = wethPool.collectionConfig(v2);
        assertEq(collection, address(nft));
        assertEq(keccak256(abi.encode(stored)), keccak256(abi.encode(c)), "stored as given");
    }

    /*//////////////////////////////////////////////////////////////
                            setCollectionConfig
    //////////////////////////////////////////////////////////////*/

    function _expectInvalid(ILendingPoolTypes.CollectionConfig memory c, bytes32 name, uint256 value)
        internal
    {
        vm.expectRevert(abi.encodeWithSelector(ILendingPoolTypes.InvalidParameter.selector, name, value));
        vm.prank(poolOwner);
        wethPool.setCollectionConfig(address(nft), c);
    }

    function _accepts(ILendingPoolTypes.CollectionConfig memory c) internal {
        vm.prank(poolOwner);
        wethPool.setCollectionConfig(address(nft), c);
    }

    function test_setCollectionConfig_rejectsACollectionWithoutCodeOrTheCore() public {
        ILendingPoolTypes.CollectionConfig memory c = _collectionConfig(1000 ether);
        address eoa = makeAddr("eoa");
        vm.expectRevert(
            abi.encodeWithSelector(
                ILendingPoolTypes.InvalidParameter.selector, bytes32("collection"), uint160(eoa)
            )
        );
        vm.prank(poolOwner);
        wethPool.setCollectionConfig(eoa, c);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILendingPoolTypes.InvalidParameter.selector, bytes32("collection"), uint160(address(core))
            )
        );
        vm.prank(poolOwner);
        wethPool.setCollectionConfig(address(core), c);
    }

    function test_setCollectionConfig_rejectsEachInvalidLoanField() public {
        ILendingPoolTypes.CollectionConfig memory d = _collectionConfig(1000 ether);
        ILendingPoolTypes.CollectionConfig memory c;

        c = _collectionConfig(1000 ether);
        c.ltvBps = 0;
        _expectInvalid(c, "ltvBps", 0);
        c.ltvBps = d.liquidationThresholdBps;
        _expectInvalid(c, "ltvBps", d.liquidationThresholdBps);
        c.ltvBps = d.liquidationThresholdBps - 1;
        _accepts(c);

        c = _collectionConfig(1000 ether);
        c.liquidationThresholdBps = uint16(BPS + 1);
        _expectInvalid(c, "liquidationThresholdBps", BPS + 1);
        c.liquidationThresholdBps = uint16(BPS);
        _accepts(c);

        c = _collectionConfig(1000 ether);
        c.maxDuration = 0;
        _expectInvalid(c, "maxDuration", 0);
        c.maxDuration = uint32(wethPool.MAX_LOAN_DURATION() + 1);
        _expectInvalid(c, "maxDuration", wethPool.MAX_LOAN_DURATION() + 1);
        c.maxDuration = uint32(wethPool.MAX_LOAN_DURATION());
        _accepts(c);
    }

    function test_setCollectionConfig_rejectsEachInvalidAuctionOrCapField() public {
        ILendingPoolTypes.CollectionConfig memory c = _collectionConfig(1000 ether);
        c.exposureCap = uint128(wethPool.MAX_TOTAL_ASSETS() + 1);
        _expectInvalid(c, "exposureCap", wethPool.MAX_TOTAL_ASSETS() + 1);
        c.exposureCap = uint128(wethPool.MAX_TOTAL_ASSETS());
        _accepts(c);

        c = _collectionConfig(1000 ether);
        c.auctionDuration = uint32(wethPool.MIN_AUCTION_DURATION() - 1);
        _expectInvalid(c, "auctionDuration", wethPool.MIN_AUCTION_DURATION() - 1);
        c.auctionDuration = uint32(wethPool.MAX_AUCTION_DURATION() + 1);
        _expectInvalid(c, "auctionDuration", wethPool.MAX_AUCTION_DURATION() + 1);
        c.auctionDuration = uint32(wethPool.MIN_AUCTION_DURATION());
        _accepts(c);
        c.auctionDuration = uint32(wethPool.MAX_AUCTION_DURATION());
        _accepts(c);

        c = _collectionConfig(1000 ether);
        c.auctionStartBps = uint32(BPS);
        _expectInvalid(c, "auctionStartBps", BPS);
        c.auctionStartBps = uint32(wethPool.MAX_AUCTION_START_BPS() + 1);
        _expectInvalid(c, "auctionStartBps", wethPool.MAX_AUCTION_START_BPS() + 1);
        c.auctionStartBps = uint32(BPS + 1);
        _accepts(c);
        c.auctionStartBps = uint32(wethPool.MAX_AUCTION_START_BPS());
        _accepts(c);

        c = _collectionConfig(1000 ether);
        c.auctionFloorBps = 0;
        _expectInvalid(c, "auctionFloorBps", 0);
        c.auctionFloorBps = uint16(BPS);
        _expectInvalid(c, "auctionFloorBps", BPS);
        c.auctionFloorBps = uint16(BPS - 1);
        _accepts(c);

        c = _collectionConfig(1000 ether);
        c.redemptionPenaltyBps = uint16(wethPool.MAX_REDEMPTION_PENALTY_BPS() + 1);
        _expectInvalid(c, "redemptionPenaltyBps", wethPool.MAX_REDEMPTION_PENALTY_BPS() + 1);
        c.redemptionPenaltyBps = uint16(wethPool.MAX_REDEMPTION_PENALTY_BPS());
        _accepts(c);
    }

    /// @dev Any config is either stored as a new version or rejected with InvalidParameter.
    function testFuzz_setCollectionConfig_storesOrRejects(ILendingPoolTypes.CollectionConfig memory c)
        public
    {
        uint32 before = wethPool.collectionState(address(nft)).version;
        vm.prank(poolOwner);
        try wethPool.setCollectionConfig(address(nft), c) returns (uint32 version) {
            assertEq(version, before + 1);
            assertTrue(
                c.ltvBps != 0 && c.ltvBps < c.liquidationThresholdBps && c.liquidationThresholdBps <= BPS
            );
            assertTrue(c.maxDuration != 0 && c.maxDuration <= wethPool.MAX_LOAN_DURATION());
            assertLe(c.exposureCap, wethPool.MAX_TOTAL_ASSETS());
            assertGe(c.auctionDuration, wethPool.MIN_AUCTION_DURATION());
            assertLe(c.auctionDuration, wethPool.MAX_AUCTION_DURATION());
            assertTrue(c.auctionStartBps > BPS && c.auctionStartBps <= wethPool.MAX_AUCTION_START_BPS());
            assertTrue(c.auctionFloorBps != 0 && c.auctionFloorBps < BPS);
            assertLe(c.redemptionPenaltyBps, wethPool.MAX_REDEMPTION_PENALTY_BPS());
        } catch (bytes memory reason) {
            assertEq(bytes4(reason), ILendingPoolTypes.InvalidParameter.selector, "only InvalidParameter");
            assertEq(wethPool.collectionState(address(nft)).version, before);
        }
    }

    function test_setCollectionConfig_onlyTheOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, poolGuardian));
        vm.prank(poolGuardian);
        wethPool.setCollectionConfig(address(nft), _collectionConfig(1 ether));
    }

    /*//////////////////////////////////////////////////////////////
                        RESERVES, TREASURY, GUARDIAN
    //////////////////////////////////////////////////////////////*/

    function testFuzz_setReserveFactor_cappedAndOnlyForNewLoans(uint16 bps) public {
        uint16 cap = wethPool.MAX_RESERVE_FACTOR_BPS();
        if (bps > cap) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    ILendingPoolTypes.InvalidParameter.selector, bytes32("reserveFactorBps"), bps
                )
            );
            vm.prank(poolOwner);
            wethPool.setReserveFactor(bps);
            assertEq(wethPool.reserveFactorBps(), RESERVE_FACTOR_BPS);
            return;
        }
        vm.expectEmit(address(wethPool));
        emit ILendingPoolTypes.ReserveFactorSet(bps);
        vm.prank(poolOwner);
        wethPool.setReserveFactor(bps);
        assertEq(wethPool.reserveFactorBps(), bps);
        assertEq(wethPool.loanRecord(loanId).reserveFactorBps, RESERVE_FACTOR_BPS, "live loan keeps its own");
        (uint256 newId,) = _borrow(wethPool, borrower, 2, 1 ether);
        assertEq(wethPool.loanRecord(newId).reserveFactorBps, bps, "new loan takes the new one");
    }

    function test_setReserveFactor_capBoundaryAndOwnerOnly() public {
        uint16 cap = wethPool.MAX_RESERVE_FACTOR_BPS();
        vm.prank(poolOwner);
        wethPool.setReserveFactor(cap);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILendingPoolTypes.InvalidParameter.selector, bytes32("reserveFactorBps"), uint256(cap) + 1
            )
        );
        vm.prank(poolOwner);
        wethPool.setReserveFactor(cap + 1);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, poolTreasury));
        vm.prank(poolTreasury);
        wethPool.setReserveFactor(0);
    }

    function test_constructor_rejectsAReserveFactorAboveTheCap() public {
        LendingPoolBase.Parameters memory p = _parameters(address(weth), address(0), "x", "x");
        p.reserveFactorBps = wethPool.MAX_RESERVE_FACTOR_BPS() + 1;
        vm.expectRevert(
            abi.encodeWithSelector(
                ILendingPoolTypes.InvalidParameter.selector, bytes32("reserveFactorBps"), p.reserveFactorBps
            )
        );
        new LendingPool(p);
    }

    /// @dev Reserves (the reserve factor's cut of repaid interest) go to the treasury; anyone may push
    /// them; depositors' assets do not move.
    function test_collectReserves_sendsReservesToTheTreasury() public {
        assertEq(wethPool.collectReserves(), 0, "nothing yet");
        skip(10 days);
        _setFloor(FLOOR);
        vm.prank(borrower);
        core.repay(loanId, loan);
        uint256 reserves = wethPool.totals().reserves;
        assertGt(reserves, 0);
        uint256 assets = wethPool.totalAssets();
        uint256 before = weth.balanceOf(poolTreasury);
        vm.expectEmit(address(wethPool));
        emit ILendingPoolTypes.ReservesCollected(poolTreasury, reserves);
        vm.prank(attacker);
        assertEq(wethPool.collectReserves(), reserves);
        assertEq(weth.balanceOf(poolTreasury) - before, reserves, "to the treasury, not the caller");
        assertEq(wethPool.totals().reserves, 0);
        assertEq(wethPool.totalAssets(), assets, "depositors' assets unchanged");
        assertEq(wethPool.collectReserves(), 0, "collected once");
    }

    function test_setTreasury_ownerOnlyNonZeroAndRedirectsReserves() public {
        address newTreasury = makeAddr("newTreasury");
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, poolTreasury));
        vm.prank(poolTreasury);
        wethPool.setTreasury(newTreasury);
        vm.expectRevert(
            abi.encodeWithSelector(ILendingPoolTypes.InvalidParameter.selector, bytes32("treasury"), 0)
        );
        vm.prank(poolOwner);
        wethPool.setTreasury(address(0));
        vm.expectEmit(address(wethPool));
        emit ILendingPoolTypes.TreasurySet(newTreasury);
        vm.prank(poolOwner);
        wethPool.setTreasury(newTreasury);
        assertEq(wethPool.treasury(), newTreasury);

        skip(10 days);
        vm.prank(borrower);
        core.repay(loanId, loan);
        uint256 reserves = wethPool.totals().reserves;
        uint256 oldBefore = weth.balanceOf(poolTreasury);
        wethPool.collectReserves();
        assertEq(weth.balanceOf(newTreasury), reserves);
        assertEq(weth.balanceOf(poolTreasury), oldBefore, "old treasury gets nothing");
    }

    function test_guardian_canOnlyDisableAndOnlyTheOwnerSetsIt() public {
        vm.expectRevert(abi.encodeWithSelector(ILendingPoolTypes.Unauthorized.selector, attacker));
        vm.prank(attacker);
        wethPool.setBorrowingDisabled(address(nft), true);

        vm.expectEmit(address(wethPool));
        emit ILendingPoolTypes.BorrowingDisabledSet(address(nft), true);
        vm.prank(poolGuardian);
        wethPool.setBorrowingDisabled(address(nft), true);
        assertTrue(wethPool.collectionState(address(nft)).borrowingDisabled);

        vm.expectRevert(abi.encodeWithSelector(ILendingPoolTypes.Unauthorized.selector, poolGuardian));
        vm.prank(poolGuardian);
        wethPool.setBorrowingDisabled(address(nft), false);
        vm.prank(poolOwner);
        wethPool.setBorrowingDisabled(address(nft), false);
        assertFalse(wethPool.collectionState(address(nft)).borrowingDisabled);

        vm.expectRevert(
            abi.encodeWithSelector(ILendingPoolTypes.CollectionNotListed.selector, address(items))
        );
        vm.prank(poolGuardian);
        wethPool.setBorrowingDisabled(address(items), true);

        address newGuardian = makeAddr("newGuardian");
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, poolGuardian));
        vm.prank(poolGuardian);
        wethPool.setGuardian(newGuardian);
        vm.expectEmit(address(wethPool));
        emit ILendingPoolTypes.GuardianSet(newGuardian);
        vm.prank(poolOwner);
        wethPool.setGuardian(newGuardian);
        assertEq(wethPool.guardian(), newGuardian);
        vm.expectRevert(abi.encodeWithSelector(ILendingPoolTypes.Unauthorized.selector, poolGuardian));
        vm.prank(poolGuardian);
        wethPool.setBorrowingDisabled(address(nft), true);
        vm.prank(newGuardian);
        wethPool.setBorrowingDisabled(address(nft), true);
        assertTrue(wethPool.collectionState(address(nft)).borrowingDisabled);
    }

    /*//////////////////////////////////////////////////////////////
                               OWNERSHIP
    //////////////////////////////////////////////////////////////*/

    function test_ownership_transfersInTwoSteps() public {
        address next = makeAddr("nextOwner");
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, next));
        vm.prank(next);
        wethPool.transferOwnership(next);

        vm.prank(poolOwner);
        wethPool.transferOwnership(next);
        assertEq(wethPool.owner(), poolOwner, "still the owner until accepted");
        assertEq(wethPool.pendingOwner(), next);
        vm.prank(poolOwner);
        wethPool.setGuardian(poolGuardian); // the old owner still administers
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, attacker));
        vm.prank(attacker);
        wethPool.acceptOwnership();

        vm.prank(next);
        wethPool.acceptOwnership();
        assertEq(wethPool.owner(), next);
        assertEq(wethPool.pendingOwner(), address(0));
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, poolOwner));
        vm.prank(poolOwner);
        wethPool.setCollectionConfig(address(nft), _collectionConfig(1 ether));
        vm.prank(next);
        wethPool.setCollectionConfig(address(nft), _collectionConfig(1 ether));
        vm.prank(next);
        wethPool.setBorrowingDisabled(address(nft), false);
    }
}
// forge-lint: disable-end(unsafe-typecast)
