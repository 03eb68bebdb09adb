/**
 * The default listing of a collection — its floor-oracle rules and its WETH-pool risk parameters — as
 * contracts/script/PoolDefaults.sol states them (the reasoning is in docs/pools-and-oracle.md). The demo
 * world and the benchmarks list their collections with these.
 */
import type { floorOracleAbi, lendingPoolAbi } from "@hypotheca/sdk";
import type { AbiParameterToPrimitiveType } from "viem";

type AbiFunction<Abi extends readonly unknown[], Name extends string> = Extract<
  Abi[number],
  { type: "function"; name: Name }
>;
type OracleRules = AbiParameterToPrimitiveType<AbiFunction<typeof floorOracleAbi, "configure">["inputs"][1]>;
type PoolRisk = AbiParameterToPrimitiveType<AbiFunction<typeof lendingPoolAbi, "setCollectionConfig">["inputs"][1]>;

const HOUR = 3600;

/** 3 of 5 feeders, reports valid 1 h, a value at most every 10 min moving at most 10%, spread <= 15%, 6 h TWAP. */
export const oracleRules: OracleRules = {
  quorum: 3,
  maxReportAge: HOUR,
  minSpacing: 600,
  maxDeviationBps: 1000,
  maxSpreadBps: 1500,
  twapWindow: 6 * HOUR,
  maxStaleness: 2 * HOUR,
};

/** LTV 40%, liquidation at 60%, 30-day loans, 12 h auction from 130% to 80% of the value, 5% penalty. */
export function poolRisk(exposureCap: bigint): PoolRisk {
  return {
    enabled: true,
    ltvBps: 4000,
    liquidationThresholdBps: 6000,
    maxDuration: 30 * 24 * HOUR,
    exposureCap,
    auctionDuration: 12 * HOUR,
    auctionStartBps: 13_000,
    auctionFloorBps: 8000,
    redemptionPenaltyBps: 500,
  };
}
