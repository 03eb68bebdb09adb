/**
 * The loan core's maths, mirroring contracts/src/libraries/LoanMathLib.sol function for function and
 * name for name (property-tested against the Solidity library on anvil, results and reverts). Rounding
 * as on chain: interest up (owed to the lender), fee down, refinancing ceiling down, sale premium up.
 * Every function throws `ArithmeticError` where the library reverts, `InvalidUintError` on arguments
 * that are not uint256.
 */
import type { Loan } from "../lending/loan.ts";
import { add, assertUint, div, mul, mulDivUp, sub } from "./uint256.ts";

export { mulDiv, mulDivUp } from "./uint256.ts";

export const BPS = 10_000n;
export const YEAR = 365n * 86_400n;

/** Simple interest on `principal` at `aprBps` for `elapsed` seconds, rounded up. */
export function interestUp(principal: bigint, aprBps: bigint, elapsed: bigint): bigint {
  assertUint({ principal, aprBps, elapsed });
  return mulDivUp(principal, mul(aprBps, elapsed, "interestUp"), BPS * YEAR, "interestUp");
}

/** Interest owed and total debt of `loan` at `timestamp` (unix seconds, at or after `accrualStart`). */
export function debtAt(
  loan: Pick<Loan, "principal" | "carriedInterest" | "aprBps" | "accrualStart">,
  timestamp: bigint,
): { interest: bigint; debt: bigint } {
  assertUint({ principal: loan.principal, carriedInterest: loan.carriedInterest, timestamp });
  const elapsed = sub(timestamp, BigInt(loan.accrualStart), "debtAt: timestamp before accrualStart");
  const interest = add(loan.carriedInterest, interestUp(loan.principal, BigInt(loan.aprBps), elapsed), "debtAt");
  return { interest, debt: add(loan.principal, interest, "debtAt") };
}

/** The protocol's share of `interest`, rounded down. */
export function feeOn(interest: bigint, feeBps: bigint): bigint {
  assertUint({ interest, feeBps });
  return mul(interest, feeBps, "feeOn") / BPS;
}

/** Open-term refinancing auction: APR ceiling rising linearly from `aprBps` to `maxAprBps`, rounded down. */
export function refinancingCeiling(aprBps: bigint, maxAprBps: bigint, elapsed: bigint, duration: bigint): bigint {
  assertUint({ aprBps, maxAprBps, elapsed, duration });
  if (aprBps >= maxAprBps) return aprBps;
  if (elapsed >= duration) return maxAprBps;
  const rise = div(mul(maxAprBps - aprBps, elapsed, "refinancingCeiling"), duration, "refinancingCeiling");
  return add(aprBps, rise, "refinancingCeiling");
}

/** Default sale: premium over the debt, falling linearly from `premiumBps` of `debtAtStart` to 0, rounded up. */
export function salePremium(debtAtStart: bigint, premiumBps: bigint, elapsed: bigint, duration: bigint): bigint {
  assertUint({ debtAtStart, premiumBps, elapsed, duration });
  if (elapsed >= duration) return 0n;
  return mulDivUp(
    debtAtStart,
    mul(premiumBps, duration - elapsed, "salePremium"),
    mul(BPS, duration, "salePremium"),
    "salePremium",
  );
}
