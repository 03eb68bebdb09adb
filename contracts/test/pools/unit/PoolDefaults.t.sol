// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {PoolDefaults} from "../../../script/PoolDefaults.sol";
import {ILendingPoolTypes} from "../../../src/interfaces/ILendingPoolTypes.sol";
import {PoolBaseTest} from "../PoolBaseTest.sol";

/// @notice The design rules the default parameters must keep (docs/pools-and-oracle.md, "Defaults"), so a change
/// of PoolDefaults that breaks one fails here before the stress scenarios show the loss.
contract PoolDefaultsTest is PoolBaseTest {
    /// @dev The pools in the shared world run exactly the defaults.
    function test_poolsRunTheDefaults() public view {
        ILendingPoolTypes.RateCurve memory curve = wethPool.rateCurve();
        assertEq(keccak256(abi.encode(curve)), keccak256(abi.encode(PoolDefaults.rateCurve())));
        assertEq(wethPool.reserveFactorBps(), PoolDefaults.RESERVE_FACTOR_BPS);
        assertEq(usdPool.quoteMaxAge(), PoolDefaults.QUOTE_MAX_AGE);
        (, ILendingPoolTypes.CollectionConfig memory c) =
            wethPool.collectionConfig(wethPool.collectionState(address(nft)).version);
        assertEq(keccak256(abi.encode(c)), keccak256(abi.encode(PoolDefaults.collectionConfig(1000 ether))));
        assertEq(
            keccak256(abi.encode(oracle.collectionConfig(address(nft)))),
            keccak256(abi.encode(PoolDefaults.oracleConfig()))
        );
    }

    /// @dev A sale at the floor covers the debt of a loan liquidated at health factor 1 (debt = value x
    /// threshold), and so does the floor of the first restart (floor^2): bidders absent for two decays
    /// cost depositors nothing.
    function test_auctionFloorCoversTheDebtForTwoDecays() public pure {
        ILendingPoolTypes.CollectionConfig memory c = PoolDefaults.collectionConfig(0);
        assertGt(c.auctionFloorBps, c.liquidationThresholdBps, "floor above the threshold");
        assertGt(
            uint256(c.auctionFloorBps) * c.auctionFloorBps / BPS, c.liquidationThresholdBps, "floor^2 too"
        );
        assertGe(2 * uint256(c.auctionDuration), 24 hours, "two decays span a day");
    }

    /// @dev Borrowing stops well below liquidation: the LTV leaves a buffer for the oracle's clamp.
    function test_ltvBufferAbsorbsOneClampedUpdate() public pure {
        ILendingPoolTypes.CollectionConfig memory c = PoolDefaults.collectionConfig(0);
        // A max-LTV loan stays healthy after a drop of one full clamp: ltv <= threshold x (1 - clamp).
        uint256 clamp = PoolDefaults.oracleConfig().maxDeviationBps;
        assertLe(uint256(c.ltvBps) * BPS, uint256(c.liquidationThresholdBps) * (BPS - clamp));
    }
}
