import { formatUnits } from "viem";

/** One round of an AggregatorV3 feed, with the answer as an exact decimal string. */
export type PriceRound = {
  roundId: bigint;
  /** Raw answer, `decimals` decimals. */
  answer: bigint;
  decimals: number;
  /** Exact decimal price, e.g. "104092.7082" (no float rounding). */
  price: string;
  /** Unix seconds. */
  updatedAt: number;
};

export function toPriceRound(roundId: bigint, answer: bigint, decimals: number, updatedAt: bigint): PriceRound {
  return { roundId, answer, decimals, price: formatUnits(answer, decimals), updatedAt: Number(updatedAt) };
}

/** Percentage scale of `changePercent`: six decimals of a percent. */
const PERCENT_PRECISION = 1_000_000n;

/**
 * Relative change from `past` to `current` in percent (e.g. -3.9 for -3.90%), computed on the raw
 * answers so tiny prices keep their precision; rounded toward zero at 1e-6 %. Undefined when `past` <= 0.
 */
export function changePercent(current: bigint, past: bigint): number | undefined {
  if (past <= 0n) return undefined;
  return Number(((current - past) * 100n * PERCENT_PRECISION) / past) / Number(PERCENT_PRECISION);
}

const SUBSCRIPT_DIGITS = ["₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"];
const toSubscript = (n: number) => [...String(n)].map((d) => SUBSCRIPT_DIGITS[Number(d)]).join("");

const usdTwoDecimals = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Below one dollar: four significant digits. */
const SIGNIFICANT_DIGITS = 4;
/** From this many leading fractional zeros on, the zeros are counted in a subscript. */
const SUBSCRIPT_FROM_ZEROS = 4;

/**
 * A USD price as a finance site shows it: "$104,092.71" from one dollar up, four significant digits
 * below ("$0.1728", "$0.001230"), and for tiny prices the count of leading zeros as a subscript,
 * "$0.0₄1163" for 0.00001163 (digits beyond the fourth are cut, not rounded).
 * @param price exact decimal string (e.g. PriceRound.price)
 */
export function formatUsd(price: string): string {
  const negative = price.startsWith("-");
  const unsigned = negative ? price.slice(1) : price;
  const sign = negative ? "-" : "";
  const value = Number(unsigned);
  if (value >= 1 || value === 0) return `${sign}$${usdTwoDecimals.format(value)}`;
  const fraction = unsigned.split(".")[1] ?? "";
  const zeros = fraction.length - fraction.replace(/^0+/, "").length;
  if (zeros < SUBSCRIPT_FROM_ZEROS) return `${sign}$${value.toFixed(zeros + SIGNIFICANT_DIGITS)}`;
  const significant = fraction.slice(zeros, zeros + SIGNIFICANT_DIGITS).replace(/0+$/, "");
  return `${sign}$0.0${toSubscript(zeros)}${significant}`;
}

/** "-3.90%", "+1.35%", "0.00%". */
export function formatPercent(change: number): string {
  const rounded = Math.round(change * 100) / 100;
  const text = Math.abs(rounded).toFixed(2);
  if (rounded > 0) return `+${text}%`;
  if (rounded < 0) return `-${text}%`;
  return `${text}%`;
}
