// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IFloorOracle} from "../src/interfaces/IFloorOracle.sol";
import {ILendingPoolTypes} from "../src/interfaces/ILendingPoolTypes.sol";

/// @notice Default risk parameters of the floor oracle and the lending pools: what Deploy.s.sol and the
/// demo world use, and what the stress scenarios replay. Reasoning in docs/pools-and-oracle.md. The devnet
/// restates the listing defaults in devnet/src/demo/poolDefaults.ts: change both together.
library PoolDefaults {
    /// @notice Oracle (immutable): premium root changes wait 2 days; a premium is at most 3x the floor.
    uint256 internal constant PREMIUM_DELAY = 2 days;
    uint256 internal constant MAX_PREMIUM_BPS = 30_000;

    /// @notice Pool: 10% of depositors' interest to reserves; a USD pool's ETH/USD quote may be 1 h old
    /// plus margin (Chainlink's ETH/USD heartbeat is 1 h).
    uint16 internal constant RESERVE_FACTOR_BPS = 1000;
    uint256 internal constant QUOTE_MAX_AGE = 1 hours + 10 minutes;

    /// @notice Per-collection oracle rules: 3 of 5 feeders, reports valid 1 h, a value at most every
    /// 10 min moving at most 10%, reports disagreeing by more than 15% rejected, 6 h TWAP, stale after 2 h.
    function oracleConfig() internal pure returns (IFloorOracle.CollectionConfig memory) {
        return IFloorOracle.CollectionConfig({
            quorum: 3,
            maxReportAge: 1 hours,
            minSpacing: 10 minutes,
            maxDeviationBps: 1000,
            maxSpreadBps: 1500,
            twapWindow: 6 hours,
            maxStaleness: 2 hours
        });
    }

    /// @notice 5% APR when idle, 20% at the 80% kink, 100% fully lent.
    function rateCurve() internal pure returns (ILendingPoolTypes.RateCurve memory) {
        return ILendingPoolTypes.RateCurve({baseAprBps: 500, slope1Bps: 1500, slope2Bps: 8000, kinkBps: 8000});
    }

    /// @notice A blue-chip collection: LTV 40%, liquidation at 60%, loans up to 30 days, a 12 h auction
    /// from 130% of the TWAP value down to 80%, 5% redemption penalty to the liquidation's starter.
    /// The floor is also the restart step (each restart decays from the last floor to floor x 80%):
    /// - floor 80% > threshold 60%: a sale at the floor covers the debt of a loan liquidated at health 1;
    /// - floor^2 = 64% > 60%: after a restart the price is still above that debt when the second decay
    ///   ends, so bidders absent for 24 h (two decays) cost depositors nothing (the 70% floor's restart
    ///   reached 49% at 24 h: 98.6 WETH, 10.9% of the pool, lost on the BendDAO replay);
    /// - 130% over 12 h: bidders (market - 8%) are reached after ~10 h on a falling market (200% over
    ///   24 h took ~18 h). Figures: docs/pools-and-oracle.md.
    function collectionConfig(uint128 exposureCap)
        internal
        pure
        returns (ILendingPoolTypes.CollectionConfig memory)
    {
        return ILendingPoolTypes.CollectionConfig({
            enabled: true,
            ltvBps: 4000,
            liquidationThresholdBps: 6000,
            maxDuration: 30 days,
            exposureCap: exposureCap,
            auctionDuration: 12 hours,
            auctionStartBps: 13_000,
            auctionFloorBps: 8000,
            redemptionPenaltyBps: 500
        });
    }
}
