// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {PoolMathLib} from "../../../src/libraries/PoolMathLib.sol";
import {Test} from "forge-std/Test.sol";

/// @notice Properties of the pool's pure maths over any inputs in the pool's accepted ranges: the rate
/// curve (bounds, monotone in utilization, continuous at the kink), the ETH -> asset conversion (6 and 18
/// decimals, with and without a quote feed) and the Dutch auction price (monotone, from start to floor).
/// Rounding directions, as the library documents them: rates and auction prices round up (the borrower
/// and the buyer pay), values and conversions round down (the pool never over-counts collateral).
contract PoolMathLibTest is Test {
    uint256 internal constant BPS = 10_000;
    /// @dev The pool's cap on base + slope1 + slope2 (LendingPoolBase.MAX_APR_BPS).
    uint256 internal constant MAX_APR_BPS = 100_000;
    /// @dev Pool totals fit in 104 bits (LendingPoolBase); deposits stop at 2^96.
    uint256 internal constant MAX_TOTAL = type(uint96).max;

    struct Curve {
        uint256 base;
        uint256 slope1;
        uint256 slope2;
        uint256 kink;
    }

    function _curve(uint256 base, uint256 slope1, uint256 slope2, uint256 kink)
        internal
        pure
        returns (Curve memory c)
    {
        c.kink = bound(kink, 1, BPS - 1);
        c.base = bound(base, 0, MAX_APR_BPS);
        c.slope1 = bound(slope1, 0, MAX_APR_BPS - c.base);
        c.slope2 = bound(slope2, 0, MAX_APR_BPS - c.base - c.slope1);
    }

    function _rate(Curve memory c, uint256 lent, uint256 total) internal pure returns (uint256) {
        return PoolMathLib.borrowRateUp(c.base, c.slope1, c.slope2, c.kink, lent, total);
    }

    /*//////////////////////////////////////////////////////////////
                                RATE CURVE
    //////////////////////////////////////////////////////////////*/

    /// @dev base <= rate <= base + slope1 + slope2; base when idle, the maximum when fully lent.
    function testFuzz_rate_boundedByBaseAndTheSumOfSlopes(
        uint256 base,
        uint256 slope1,
        uint256 slope2,
        uint256 kink,
        uint256 lent,
        uint256 total
    ) public pure {
        Curve memory c = _curve(base, slope1, slope2, kink);
        total = bound(total, 0, MAX_TOTAL);
        lent = bound(lent, 0, MAX_TOTAL);
        uint256 rate = _rate(c, lent, total);
        assertGe(rate, c.base, "at least the base");
        assertLe(rate, c.base + c.slope1 + c.slope2, "at most base + slope1 + slope2");
        assertEq(_rate(c, 0, total), c.base, "idle: the base");
        if (total != 0) {
            assertEq(_rate(c, total, total), c.base + c.slope1 + c.slope2, "fully lent: the max");
        }
    }

    /// @dev More lent out of the same total never lowers the rate.
    function testFuzz_rate_monotoneInUtilization(
        uint256 base,
        uint256 slope1,
        uint256 slope2,
        uint256 kink,
        uint256 lentA,
        uint256 lentB,
        uint256 total
    ) public pure {
        Curve memory c = _curve(base, slope1, slope2, kink);
        total = bound(total, 1, MAX_TOTAL);
        lentA = bound(lentA, 0, total);
        lentB = bound(lentB, lentA, total);
        assertLe(_rate(c, lentA, total), _rate(c, lentB, total), "monotone");
    }

    /// @dev At the kink exactly the rate is base + slope1; one unit either side it moves by at most one
    /// unit's share of the adjacent slope plus the rounding (no jump at the kink).
    function testFuzz_rate_continuousAtTheKink(
        uint256 base,
        uint256 slope1,
        uint256 slope2,
        uint256 kink,
        uint256 scale
    ) public pure {
        Curve memory c = _curve(base, slope1, slope2, kink);
        // A total that puts the kink on a whole unit.
        uint256 total = bound(scale, 1, MAX_TOTAL / BPS) * BPS;
        uint256 atKink = c.kink * total / BPS;
        uint256 r = _rate(c, atKink, total);
        assertEq(r, c.base + c.slope1, "base + slope1 at the kink");
        uint256 above = _rate(c, atKink + 1, total);
        uint256 stepAbove = (c.slope2 * BPS + (BPS - c.kink) * total - 1) / ((BPS - c.kink) * total);
        assertGe(above, r);
        assertLe(above - r, stepAbove, "one unit above: one unit of slope2 (rounded up)");
        uint256 below = _rate(c, atKink - 1, total);
        uint256 stepBelow = (c.slope1 * BPS + c.kink * total - 1) / (c.kink * total);
        assertLe(below, r);
        assertLe(r - below, stepBelow, "one unit below: one unit of slope1 (rounded up)");
    }

    /*//////////////////////////////////////////////////////////////
                           ASSET CONVERSION
    //////////////////////////////////////////////////////////////*/

    /// @dev An ETH pool (quote 1, 0 decimals, 18-decimal asset) converts 1:1.
    function testFuzz_toAsset_ethPoolIsIdentity(uint256 ethAmount) public pure {
        ethAmount = bound(ethAmount, 0, MAX_TOTAL);
        assertEq(PoolMathLib.toAsset(ethAmount, 1, 0, 18), ethAmount);
    }

    /// @dev With an 8-decimal ETH/USD quote into a 6- or 18-decimal asset: the result is the exact value
    /// rounded DOWN (result <= exact < result + 1 unit), and the 6-decimal result is the 18-decimal one
    /// truncated (no precision is invented or lost beyond the asset's own unit).
    function testFuzz_toAsset_roundsDownAcrossDecimals(uint256 ethAmount, uint256 quote) public pure {
        ethAmount = bound(ethAmount, 0, 1e30);
        quote = bound(quote, 1, 1e14); // up to $1,000,000 per ETH with 8 decimals
        for (uint256 i; i < 2; ++i) {
            uint256 decimals = i == 0 ? 6 : 18;
            uint256 result = PoolMathLib.toAsset(ethAmount, quote, 8, decimals);
            uint256 exactNumerator = ethAmount * quote * 10 ** decimals;
            uint256 denominator = 10 ** 26;
            assertLe(result * denominator, exactNumerator, "rounded down");
            assertGt((result + 1) * denominator, exactNumerator, "by less than one unit");
        }
        assertEq(
            PoolMathLib.toAsset(ethAmount, quote, 8, 6),
            PoolMathLib.toAsset(ethAmount, quote, 8, 18) / 1e12,
            "6 decimals = 18 decimals truncated"
        );
    }

    /// @dev More ETH or a higher quote is never worth less.
    function testFuzz_toAsset_monotone(uint256 a, uint256 b, uint256 qa, uint256 qb, bool sixDecimals)
        public
        pure
    {
        uint256 decimals = sixDecimals ? 6 : 18;
        a = bound(a, 0, 1e30);
        b = bound(b, a, 1e30);
        qa = bound(qa, 1, 1e14);
        qb = bound(qb, qa, 1e14);
        assertLe(PoolMathLib.toAsset(a, qa, 8, decimals), PoolMathLib.toAsset(b, qa, 8, decimals));
        assertLe(PoolMathLib.toAsset(a, qa, 8, decimals), PoolMathLib.toAsset(a, qb, 8, decimals));
    }

    /// @dev 1 ETH at $3,000 is exactly 3,000 dUSD (6 decimals) and 3,000e18 units of an 18-decimal
    /// stablecoin; one wei of ETH at $3,000 rounds down to zero 6-decimal units.
    function test_toAsset_knownValues() public pure {
        assertEq(PoolMathLib.toAsset(1 ether, 3000e8, 8, 6), 3000e6);
        assertEq(PoolMathLib.toAsset(1 ether, 3000e8, 8, 18), 3000e18);
        assertEq(PoolMathLib.toAsset(1, 3000e8, 8, 6), 0);
        assertEq(PoolMathLib.toAsset(1, 3000e8, 8, 18), 3000);
        // One dUSD unit ($0.000001) is 333,333,333.3 wei at $3,000: below it, zero units.
        assertEq(PoolMathLib.toAsset(333_333_333, 3000e8, 8, 6), 0);
        assertEq(PoolMathLib.toAsset(333_333_334, 3000e8, 8, 6), 1);
    }

    /*//////////////////////////////////////////////////////////////
                              AUCTION PRICE
    //////////////////////////////////////////////////////////////*/

    /// @dev Non-increasing in time, from the start price at 0 to the floor at the duration and after,
    /// never outside [floor, start]; rounded up (never below the exact linear price).
    function testFuzz_auctionPrice_monotoneFromStartToFloor(
        uint256 startPrice,
        uint256 floorPrice,
        uint256 duration,
        uint256 t1,
        uint256 t2
    ) public pure {
        floorPrice = bound(floorPrice, 0, MAX_TOTAL);
        startPrice = bound(startPrice, floorPrice, 10 * MAX_TOTAL);
        duration = bound(duration, 1 hours, 30 days);
        t1 = bound(t1, 0, 2 * duration);
        t2 = bound(t2, t1, 2 * duration);
        uint256 p1 = PoolMathLib.auctionPrice(startPrice, floorPrice, t1, duration);
        uint256 p2 = PoolMathLib.auctionPrice(startPrice, floorPrice, t2, duration);
        assertGe(p1, p2, "non-increasing");
        assertLe(p1, startPrice);
        assertGe(p2, floorPrice);
        assertEq(PoolMathLib.auctionPrice(startPrice, floorPrice, 0, duration), startPrice, "starts at start");
        assertEq(
            PoolMathLib.auctionPrice(startPrice, floorPrice, duration, duration), floorPrice, "ends at floor"
        );
        assertEq(
            PoolMathLib.auctionPrice(startPrice, floorPrice, t2 + duration, duration), floorPrice, "stays"
        );
        if (t1 < duration && startPrice > floorPrice) {
            uint256 exactTimesDuration = floorPrice * duration + (startPrice - floorPrice) * (duration - t1);
            assertGe(p1 * duration, exactTimesDuration, "rounded up");
            assertLt((p1 - 1) * duration, exactTimesDuration, "by less than one unit");
        }
    }
}
