/**
 * fast-check generators for the math property tests: unsigned integers over their whole domain, biased
 * toward the values where fixed-point code breaks (0, 1, type maxima, powers of two) and toward realistic
 * magnitudes, so a batch holds both results and reverts.
 */
import fc from "fast-check";
import type { Loan } from "../src/index.ts";

export const MAX_UINT256 = 2n ** 256n - 1n;

/** Any uint of `bits`, with its edges and a realistic range (`[0, typical]`) weighted up. */
export function uint(bits = 256, typical?: bigint): fc.Arbitrary<bigint> {
  const max = (1n << BigInt(bits)) - 1n;
  const edges = [0n, 1n, 2n, max, max - 1n, max / 2n, max / 2n + 1n];
  if (bits > 128) edges.push(2n ** 128n, 2n ** 128n - 1n);
  const arbitraries = [
    { arbitrary: fc.constantFrom(...edges), weight: 2 },
    { arbitrary: fc.bigInt({ min: 0n, max }), weight: 2 },
  ];
  if (typical !== undefined && typical < max) {
    arbitraries.push({ arbitrary: fc.bigInt({ min: 0n, max: typical }), weight: 5 });
  }
  return fc.oneof(...arbitraries);
}

/** Token amounts (up to 10^12 tokens of 18 decimals typically). */
export const amount = uint(256, 10n ** 30n);
/** Basis points and APRs (typically up to 20,000 = 200%, the pool's own caps are lower). */
export const bps = uint(256, 20_000n);
/** Seconds (typically up to 10 years). */
export const seconds = uint(256, 10n * 365n * 86_400n);

const num = (bits: number, typical: number) =>
  uint(bits, BigInt(typical)).map((value) => Number(value)) as fc.Arbitrary<number>;

/** Timestamps as uint40, typically around now. */
const timestamp40 = uint(40, 2n ** 32n).map(Number);

/** Any ABI-valid Loan struct. */
export const loan: fc.Arbitrary<Loan> = fc.record({
  collateral: fc.constantFrom("0x0000000000000000000000000000000000000001" as const),
  tokenId: uint(256, 10_000n),
  collateralAmount: uint(256, 10n),
  currency: fc.constantFrom("0x0000000000000000000000000000000000000002" as const),
  principal: amount,
  carriedInterest: uint(256, 10n ** 28n),
  aprBps: num(32, 100_000),
  feeBps: num(16, 2500),
  defaultMode: fc.integer({ min: 0, max: 2 }),
  startTime: timestamp40,
  accrualStart: timestamp40,
  duration: num(32, 400 * 86_400),
  gracePeriod: num(32, 30 * 86_400),
  callTime: timestamp40,
  saleStart: timestamp40,
  delegate: fc.constantFrom("0x0000000000000000000000000000000000000000" as const),
});

/** A time near `anchor` (mostly at or after it, sometimes before), or any uint256. */
export function timeAround(anchor: bigint): fc.Arbitrary<bigint> {
  return fc.oneof(
    { arbitrary: fc.bigInt({ min: 0n, max: 10n * 365n * 86_400n }).map((d) => anchor + d), weight: 6 },
    { arbitrary: fc.constantFrom(anchor, anchor + 1n, anchor > 0n ? anchor - 1n : 0n), weight: 2 },
    { arbitrary: uint(256), weight: 1 },
  );
}

/** A plain fixed-term loan to build edge-case examples from. */
export const exampleLoan: Loan = {
  collateral: "0x0000000000000000000000000000000000000001",
  tokenId: 7n,
  collateralAmount: 0n,
  currency: "0x0000000000000000000000000000000000000002",
  principal: 10n ** 18n,
  carriedInterest: 0n,
  aprBps: 1_000,
  feeBps: 500,
  defaultMode: 1,
  startTime: 1_700_000_000,
  accrualStart: 1_700_000_000,
  duration: 30 * 86_400,
  gracePeriod: 86_400,
  callTime: 0,
  saleStart: 0,
  delegate: "0x0000000000000000000000000000000000000000",
};
