/**
 * The lending pool's maths, mirroring contracts/src/libraries/PoolMathLib.sol function for function
 * and name for name (property-tested against the Solidity library on anvil). Rounding always favours
 * the pool: rates and prices up, values down.
 */
import { BPS, mulDiv, mulDivUp, YEAR } from "./loanMath.ts";

export const WAD = 10n ** 18n;
/** Lender shares are (BPS - fee)(BPS - reserve factor), in BPS^2. */
export const SHARE_ONE = BPS * BPS;
/** Interest values are kept scaled by SHARE_ONE. */
export const VALUE_SCALE = SHARE_ONE;
/** `healthFactor` of a loan without debt. */
export const MAX_UINT256 = 2n ** 256n - 1n;

/** APR (bps, rounded up) of the kinked curve when `lent` of `total` is lent out. */
export function borrowRateUp(
  baseAprBps: bigint,
  slope1Bps: bigint,
  slope2Bps: bigint,
  kinkBps: bigint,
  lent: bigint,
  total: bigint,
): bigint {
  if (total === 0n || lent === 0n) return baseAprBps;
  const used = lent > total ? total : lent;
  if (used * BPS <= kinkBps * total) return baseAprBps + mulDivUp(slope1Bps, used * BPS, kinkBps * total);
  return baseAprBps + slope1Bps + mulDivUp(slope2Bps, used * BPS - kinkBps * total, (BPS - kinkBps) * total);
}

/** The depositors' share of a loan's interest, in BPS^2: after the protocol fee and the reserve factor. */
export function lenderShare(feeBps: bigint, reserveFactorBps: bigint): bigint {
  return (BPS - feeBps) * (BPS - reserveFactorBps);
}

/** Depositors' interest per second on a loan, scaled by VALUE_SCALE, rounded down. */
export function interestRate(principal: bigint, aprBps: bigint, share: bigint): bigint {
  return (principal * aprBps * share) / (YEAR * BPS);
}

/** Depositors' value of carried interest, scaled by VALUE_SCALE (exact). */
export function carriedScaled(carried: bigint, share: bigint): bigint {
  return carried * share;
}

/** Dutch auction price: linear from `startPrice` to `floorPrice` over `duration`, then the floor; rounded up. */
export function auctionPrice(startPrice: bigint, floorPrice: bigint, elapsed: bigint, duration: bigint): bigint {
  if (elapsed >= duration || startPrice <= floorPrice) return floorPrice;
  return floorPrice + mulDivUp(startPrice - floorPrice, duration - elapsed, duration);
}

/** Health factor (WAD, rounded down): value * liquidation threshold / debt; MAX_UINT256 without debt. */
export function healthFactor(value: bigint, liquidationThresholdBps: bigint, debt: bigint): bigint {
  if (debt === 0n) return MAX_UINT256;
  return mulDiv(value * liquidationThresholdBps, WAD, debt * BPS);
}

/** Converts an ETH amount (18 decimals) into the asset, rounded down. An ETH pool passes quote 1, decimals 0. */
export function toAsset(ethAmount: bigint, quote: bigint, quoteDecimals: bigint, assetDecimals: bigint): bigint {
  return mulDiv(ethAmount, quote * 10n ** assetDecimals, 10n ** (18n + quoteDecimals));
}

/** `amount * bps / BPS`, rounded down. */
export function bpsDown(amount: bigint, bps: bigint): bigint {
  return mulDiv(amount, bps, BPS);
}

/** `amount * bps / BPS`, rounded up. */
export function bpsUp(amount: bigint, bps: bigint): bigint {
  return mulDivUp(amount, bps, BPS);
}
