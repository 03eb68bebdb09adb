/**
 * A lending pool's state (one consistent read) and pure functions that give the same results as the
 * pool's views — utilization, borrowRate, quote, supplyRate, healthFactor, maxBorrow — from that state,
 * so an app can price "what if" (a quote for any principal, a health factor at any time) without calls.
 */
import {
  type AbiParameterToPrimitiveType,
  type Address,
  type Chain,
  type Client,
  erc20Abi,
  hexToBigInt,
  type Transport,
} from "viem";
import { getBlock, getStorageAt, multicall, readContract } from "viem/actions";
import { HypothecaError } from "../errors.ts";
import { lendingPoolAbi } from "../generated/abis.ts";
import type { Loan } from "../lending/loan.ts";
import { BPS, debtAt, YEAR } from "../math/loanMath.ts";
import { borrowRateUp, bpsDown, healthFactor, toAsset, VALUE_SCALE } from "../math/poolMath.ts";
import { add, div, mul } from "../math/uint256.ts";

type PoolFunction<Name extends string> = Extract<(typeof lendingPoolAbi)[number], { type: "function"; name: Name }>;

/** Pool-wide aggregates (ILendingPoolTypes.Totals). */
export type PoolTotals = AbiParameterToPrimitiveType<PoolFunction<"totals">["outputs"][0]>;
/** The kinked utilization curve (ILendingPoolTypes.RateCurve). */
export type RateCurve = AbiParameterToPrimitiveType<PoolFunction<"rateCurve">["outputs"][0]>;
/** A collection's risk parameters (ILendingPoolTypes.CollectionConfig). */
export type CollectionConfig = AbiParameterToPrimitiveType<PoolFunction<"collectionConfig">["outputs"][1]>;

/** One block's view of a pool: what the pure functions below need. */
export type PoolState = {
  pool: Address;
  blockNumber: bigint;
  /** Timestamp of `blockNumber`: the time `totals.interest` and `totalAssets` are valued at. */
  timestamp: bigint;
  asset: Address;
  assetDecimals: number;
  /** Decimals of the pool's shares (the asset's plus the virtual-share offset). */
  decimals: number;
  totalAssets: bigint;
  totalSupply: bigint;
  totals: PoolTotals;
  rateCurve: RateCurve;
  /** Reserve factor applied to new loans. */
  reserveFactorBps: number;
  /**
   * Depositors' interest per second over live loans, scaled by VALUE_SCALE. The pool has no view for it:
   * read from its storage (LendingPoolBase `_accrual.rate`, slot 3 bits 144-255; the pool is immutable).
   */
  accrualRate: bigint;
  loanCore: Address;
  oracle: Address;
  /** ETH/quote feed of a non-ETH pool; the zero address for an ETH pool. */
  quoteFeed: Address;
};

/** Storage slot of `_accrual` (uint144 accrued | uint112 rate) in LendingPool (forge inspect storageLayout). */
const ACCRUAL_SLOT = "0x0000000000000000000000000000000000000000000000000000000000000003" as const;

/** The pool's own supplyRate disagrees with the one derived from its storage: not this pool's layout. */
export class PoolLayoutMismatchError extends HypothecaError {
  override name = "PoolLayoutMismatchError";
  constructor(readonly pool: Address) {
    super(`Contract ${pool} does not have the LendingPool storage layout this SDK reads: is it a Hypotheca pool?`);
  }
}

export type GetPoolStateParameters = { pool: Address; blockNumber?: bigint };

/**
 * Reads a pool's state at one block (default: the latest): one multicall of its views, its accrual slot and
 * its asset's decimals.
 * @example
 * const state = await getPoolState(client, { pool: deployments[31337].lendingPool.address });
 * const apr = poolQuote(state, parseEther("2")); // the lowest APR a 2-WETH loan is accepted at
 */
export async function getPoolState<chain extends Chain | undefined>(
  client: Client<Transport, chain>,
  { pool, blockNumber: at }: GetPoolStateParameters,
): Promise<PoolState> {
  const block = await getBlock(client, at === undefined ? { blockTag: "latest" } : { blockNumber: at });
  const blockNumber = block.number;
  const contract = { address: pool, abi: lendingPoolAbi } as const;
  const [results, accrualWord] = await Promise.all([
    multicall(client, {
      contracts: [
        { ...contract, functionName: "asset" },
        { ...contract, functionName: "decimals" },
        { ...contract, functionName: "totalAssets" },
        { ...contract, functionName: "totalSupply" },
        { ...contract, functionName: "totals" },
        { ...contract, functionName: "rateCurve" },
        { ...contract, functionName: "reserveFactorBps" },
        { ...contract, functionName: "supplyRate" },
        { ...contract, functionName: "loanCore" },
        { ...contract, functionName: "oracle" },
        { ...contract, functionName: "quoteFeed" },
      ],
      allowFailure: false,
      blockNumber,
      // Chains without Multicall3 (a fresh anvil) run it from its bytecode in the eth_call.
      deployless: client.chain?.contracts?.multicall3 === undefined,
    }),
    getStorageAt(client, { address: pool, slot: ACCRUAL_SLOT, blockNumber }),
  ]);
  const [asset, decimals, totalAssets, totalSupply, totals, rateCurve, reserveFactorBps, supplyRate, ...rest] = results;
  const [loanCore, oracle, quoteFeed] = rest;
  const assetDecimals = await readContract(client, {
    address: asset,
    abi: erc20Abi,
    functionName: "decimals",
    blockNumber,
  });
  const state: PoolState = {
    pool,
    blockNumber,
    timestamp: block.timestamp,
    asset,
    assetDecimals,
    decimals,
    totalAssets,
    totalSupply,
    totals,
    rateCurve,
    reserveFactorBps,
    accrualRate: hexToBigInt(accrualWord ?? "0x0") >> 144n,
    loanCore,
    oracle,
    quoteFeed,
  };
  if (poolSupplyRate(state) !== supplyRate) throw new PoolLayoutMismatchError(pool);
  return state;
}

/** lent / (cash + lent) in bps, rounded down: the pool's `utilization()`. */
export function poolUtilization(state: Pick<PoolState, "totals">): bigint {
  const { cash, lent } = state.totals;
  const total = add(cash, lent, "utilization");
  return total === 0n ? 0n : mul(lent, BPS, "utilization") / total;
}

function rate(curve: RateCurve, lent: bigint, total: bigint): bigint {
  return borrowRateUp(
    BigInt(curve.baseAprBps),
    BigInt(curve.slope1Bps),
    BigInt(curve.slope2Bps),
    BigInt(curve.kinkBps),
    lent,
    total,
  );
}

/** APR (bps) of the curve at the current utilization: the pool's `borrowRate()`. */
export function poolBorrowRate(state: Pick<PoolState, "totals" | "rateCurve">): bigint {
  const { cash, lent } = state.totals;
  return rate(state.rateCurve, lent, add(cash, lent, "borrowRate"));
}

/**
 * The lowest APR (bps) a new loan of `principal` is accepted at: the curve at the utilization after the
 * borrow, rounded up — the pool's `quote(principal)`. (A borrow above the cash fails on liquidity.)
 */
export function poolQuote(state: Pick<PoolState, "totals" | "rateCurve">, principal: bigint): bigint {
  const { cash, lent } = state.totals;
  return rate(state.rateCurve, add(lent, principal, "quote"), add(cash, lent, "quote"));
}

/** Annual rate (bps, rounded down) at which depositors' assets grow now: the pool's `supplyRate()`. */
export function poolSupplyRate(state: Pick<PoolState, "totalAssets" | "accrualRate">): bigint {
  if (state.totalAssets === 0n) return 0n;
  const yearly = mul(mul(state.accrualRate, YEAR, "supplyRate"), BPS, "supplyRate");
  return div(yearly, mul(VALUE_SCALE, state.totalAssets, "supplyRate"), "supplyRate");
}

/**
 * A collateral's value in the pool's asset, rounded down, as the pool computes it from an oracle price:
 * `priceEth` (18 decimals; the floor oracle's `borrowPrice` for borrowing, `liquidationPrice` for health
 * and auctions) times the token's premium (bps, 10_000 = floor), converted at `quote` (the ETH/quote
 * feed's answer with `quoteDecimals`; omit both for an ETH pool).
 */
export function collateralValue({
  priceEth,
  premiumBps = BPS,
  assetDecimals,
  quote = 1n,
  quoteDecimals = 0n,
}: {
  priceEth: bigint;
  premiumBps?: bigint;
  assetDecimals: bigint;
  quote?: bigint;
  quoteDecimals?: bigint;
}): bigint {
  return toAsset(bpsDown(priceEth, premiumBps), quote, quoteDecimals, assetDecimals);
}

/**
 * Health factor (WAD, rounded down) of a pool loan at `timestamp`: `value * liquidationThresholdBps /
 * debt` — the pool's `healthFactor(loanId, loan)` given the collateral's liquidation `value` (see
 * `collateralValue`) and the threshold of the loan's config version. Below 1e18 the loan can be liquidated.
 */
export function loanHealthFactor(
  loan: Pick<Loan, "principal" | "carriedInterest" | "aprBps" | "accrualStart">,
  timestamp: bigint,
  { value, liquidationThresholdBps }: { value: bigint; liquidationThresholdBps: bigint },
): bigint {
  return healthFactor(value, liquidationThresholdBps, debtAt(loan, timestamp).debt);
}

/**
 * The largest principal a new loan can have: the LTV of the collateral's borrow `value`, within the
 * collection's remaining exposure cap and the pool's cash, and below 2^96 — the pool's `maxBorrow`, zero
 * when borrowing against the collection is off (not listed, disabled, or stopped by the guardian).
 */
export function poolMaxBorrow({
  value,
  ltvBps,
  exposureCap,
  exposure,
  cash,
  borrowingAllowed = true,
}: {
  value: bigint;
  ltvBps: bigint;
  exposureCap: bigint;
  exposure: bigint;
  cash: bigint;
  borrowingAllowed?: boolean;
}): bigint {
  if (!borrowingAllowed) return 0n;
  const room = exposureCap > exposure ? exposureCap - exposure : 0n;
  const limits = [bpsDown(value, ltvBps), room, cash, 2n ** 96n - 1n];
  return limits.reduce((a, b) => (a < b ? a : b));
}
