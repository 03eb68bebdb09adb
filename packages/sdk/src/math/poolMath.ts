/**
 * The lending pool's maths, mirroring contracts/src/libraries/PoolMathLib.sol function for function
 * and name for name (property-tested against the Solidity library on anvil, results and reverts).
 * Rounding always favours the pool: rates and prices up, values down. Every function throws
 * `ArithmeticError` where the library reverts, `InvalidUintError` on arguments that are not uint256.
 */
import { BPS, YEAR } from "./loanMath.ts";
import { add, assertUint, MAX_UINT256, mul, mulDiv, mulDivUp, pow, sub } from "./uint256.ts";

export { MAX_UINT256 } from "./uint256.ts";

export const WAD = 10n ** 18n;
/** Lender shares are (BPS - fee)(BPS - reserve factor), in BPS^2. */
export const SHARE_ONE = BPS * BPS;
/** Interest values are kept scaled by SHARE_ONE. */
export const VALUE_SCALE = SHARE_ONE;

/** APR (bps, rounded up) of the kinked curve when `lent` of `total` is lent out. */
export function borrowRateUp(
  baseAprBps: bigint,
  slope1Bps: bigint,
  slope2Bps: bigint,
  kinkBps: bigint,
  lent: bigint,
  total: bigint,
): bigint {
  assertUint({ baseAprBps, slope1Bps, slope2Bps, kinkBps, lent, total });
  if (total === 0n || lent === 0n) return baseAprBps;
  const used = lent > total ? total : lent;
  const op = "borrowRateUp";
  const usedBps = mul(used, BPS, op);
  const kinkTotal = mul(kinkBps, total, op);
  if (usedBps <= kinkTotal) return add(baseAprBps, mulDivUp(slope1Bps, usedBps, kinkTotal, op), op);
  const steep = mulDivUp(slope2Bps, usedBps - kinkTotal, mul(sub(BPS, kinkBps, op), total, op), op);
  return add(add(baseAprBps, slope1Bps, op), steep, op);
}

/** The depositors' share of a loan's interest, in BPS^2: after the protocol fee and the reserve factor. */
export function lenderShare(feeBps: bigint, reserveFactorBps: bigint): bigint {
  assertUint({ feeBps, reserveFactorBps });
  return sub(BPS, feeBps, "lenderShare") * sub(BPS, reserveFactorBps, "lenderShare");
}

/** Depositors' interest per second on a loan, scaled by VALUE_SCALE, rounded down. */
export function interestRate(principal: bigint, aprBps: bigint, share: bigint): bigint {
  assertUint({ principal, aprBps, share });
  return mul(mul(principal, aprBps, "interestRate"), share, "interestRate") / (YEAR * BPS);
}

/** Depositors' value of carried interest, scaled by VALUE_SCALE (exact). */
export function carriedScaled(carried: bigint, share: bigint): bigint {
  assertUint({ carried, share });
  return mul(carried, share, "carriedScaled");
}

/** Dutch auction price: linear from `startPrice` to `floorPrice` over `duration`, then the floor; rounded up. */
export function auctionPrice(startPrice: bigint, floorPrice: bigint, elapsed: bigint, duration: bigint): bigint {
  assertUint({ startPrice, floorPrice, elapsed, duration });
  if (elapsed >= duration || startPrice <= floorPrice) return floorPrice;
  const op = "auctionPrice";
  return add(floorPrice, mulDivUp(startPrice - floorPrice, duration - elapsed, duration, op), op);
}

/** Health factor (WAD, rounded down): value * liquidation threshold / debt; MAX_UINT256 without debt. */
export function healthFactor(value: bigint, liquidationThresholdBps: bigint, debt: bigint): bigint {
  assertUint({ value, liquidationThresholdBps, debt });
  if (debt === 0n) return MAX_UINT256;
  const op = "healthFactor";
  return mulDiv(mul(value, liquidationThresholdBps, op), WAD, mul(debt, BPS, op), op);
}

/** Converts an ETH amount (18 decimals) into the asset, rounded down. An ETH pool passes quote 1, decimals 0. */
export function toAsset(ethAmount: bigint, quote: bigint, quoteDecimals: bigint, assetDecimals: bigint): bigint {
  assertUint({ ethAmount, quote, quoteDecimals, assetDecimals });
  const op = "toAsset";
  return mulDiv(ethAmount, mul(quote, pow(10n, assetDecimals, op), op), pow(10n, add(18n, quoteDecimals, op), op), op);
}

/** `amount * bps / BPS`, rounded down. */
export function bpsDown(amount: bigint, bps: bigint): bigint {
  assertUint({ amount, bps });
  return mulDiv(amount, bps, BPS, "bpsDown");
}

/** `amount * bps / BPS`, rounded up. */
export function bpsUp(amount: bigint, bps: bigint): bigint {
  assertUint({ amount, bps });
  return mulDivUp(amount, bps, BPS, "bpsUp");
}
