// SPDX-License-Identifier: MIT
// Floating on purpose: the SDK's property tests and integrators compile it with their own 0.8 compiler.
// solhint-disable-next-line compiler-version
pragma solidity ^0.8.0;

import {FixedPointMathLib} from "solady/utils/FixedPointMathLib.sol";

/// @title PoolMathLib
/// @notice The lending pool's pure maths: rate curve, interest value, auction price, health factor,
/// valuation conversion. Rounding always favours the pool: rates and prices up, values down.
library PoolMathLib {
    uint256 internal constant BPS = 10_000;
    uint256 internal constant WAD = 1e18;
    uint256 internal constant YEAR = 365 days;
    /// @dev Lender shares are (BPS - fee)(BPS - reserve factor), in BPS^2.
    uint256 internal constant SHARE_ONE = BPS * BPS;
    /// @dev Interest values are kept scaled by SHARE_ONE: carried interest times a lender share is then an
    /// exact integer, and only the per-second rate of a loan is rounded (down) once, at origination.
    uint256 internal constant VALUE_SCALE = SHARE_ONE;

    /// @notice APR (bps, rounded up) of the kinked curve when `lent` of `total` is lent out. Zero total
    /// is zero utilization.
    function borrowRateUp(
        uint256 baseAprBps,
        uint256 slope1Bps,
        uint256 slope2Bps,
        uint256 kinkBps,
        uint256 lent,
        uint256 total
    ) internal pure returns (uint256) {
        if (total == 0 || lent == 0) return baseAprBps;
        if (lent > total) lent = total;
        // U <= kink  <=>  lent * BPS <= kink * total
        if (lent * BPS <= kinkBps * total) {
            return baseAprBps + FixedPointMathLib.fullMulDivUp(slope1Bps, lent * BPS, kinkBps * total);
        }
        return baseAprBps + slope1Bps
            + FixedPointMathLib.fullMulDivUp(slope2Bps, lent * BPS - kinkBps * total, (BPS - kinkBps) * total);
    }

    /// @notice The depositors' share of a loan's interest, in BPS^2: after the core's protocol fee and the
    /// pool's reserve factor.
    function lenderShare(uint256 feeBps, uint256 reserveFactorBps) internal pure returns (uint256) {
        return (BPS - feeBps) * (BPS - reserveFactorBps);
    }

    /// @notice Depositors' interest per second on a loan, scaled by VALUE_SCALE and rounded down:
    /// principal * APR * lender share / (YEAR * BPS).
    function interestRate(uint256 principal, uint256 aprBps, uint256 share) internal pure returns (uint256) {
        return principal * aprBps * share / (YEAR * BPS);
    }

    /// @notice Depositors' value of carried (unpaid, non-accruing) interest, scaled by VALUE_SCALE (exact).
    function carriedScaled(uint256 carried, uint256 share) internal pure returns (uint256) {
        return carried * share;
    }

    /// @notice Dutch auction price: linear from `startPrice` at `elapsed = 0` to `floorPrice` at
    /// `duration`, then `floorPrice`. Rounded up (the buyer pays).
    function auctionPrice(uint256 startPrice, uint256 floorPrice, uint256 elapsed, uint256 duration)
        internal
        pure
        returns (uint256)
    {
        if (elapsed >= duration || startPrice <= floorPrice) return floorPrice;
        return
            floorPrice + FixedPointMathLib.fullMulDivUp(startPrice - floorPrice, duration - elapsed, duration);
    }

    /// @notice Health factor (WAD, rounded down): value * liquidation threshold / debt.
    function healthFactor(uint256 value, uint256 liquidationThresholdBps, uint256 debt)
        internal
        pure
        returns (uint256)
    {
        if (debt == 0) return type(uint256).max;
        return FixedPointMathLib.fullMulDiv(value * liquidationThresholdBps, WAD, debt * BPS);
    }

    /// @notice Converts an ETH amount (18 decimals) into the asset, rounded down: `ethAmount * quote *
    /// 10^assetDecimals / 10^(18 + quoteDecimals)`. An ETH pool passes quote 1 and quoteDecimals 0.
    function toAsset(uint256 ethAmount, uint256 quote, uint256 quoteDecimals, uint256 assetDecimals)
        internal
        pure
        returns (uint256)
    {
        return FixedPointMathLib.fullMulDiv(
            ethAmount, quote * 10 ** assetDecimals, 10 ** (18 + quoteDecimals)
        );
    }

    /// @notice `amount * bps / BPS`, rounded down.
    function bpsDown(uint256 amount, uint256 bps) internal pure returns (uint256) {
        return FixedPointMathLib.fullMulDiv(amount, bps, BPS);
    }

    /// @notice `amount * bps / BPS`, rounded up.
    function bpsUp(uint256 amount, uint256 bps) internal pure returns (uint256) {
        return FixedPointMathLib.fullMulDivUp(amount, bps, BPS);
    }
}
