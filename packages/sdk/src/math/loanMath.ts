/**
 * The loan core's maths, mirroring contracts/src/libraries/LoanMathLib.sol function for function and
 * name for name (property-tested against the Solidity library on anvil). Rounding as on chain: interest
 * up (owed to the lender), fee down, refinancing ceiling down, sale premium up.
 */
import type { Loan } from "../lending/loan.ts";

export const BPS = 10_000n;
export const YEAR = 365n * 86_400n;

/** `a * b / d` rounded up (solady's fullMulDivUp; bigint has no overflow). */
export function mulDivUp(a: bigint, b: bigint, d: bigint): bigint {
  if (d === 0n) throw new RangeError("division by zero");
  const product = a * b;
  return product === 0n ? 0n : (product - 1n) / d + 1n;
}

/** `a * b / d` rounded down (solady's fullMulDiv). */
export function mulDiv(a: bigint, b: bigint, d: bigint): bigint {
  if (d === 0n) throw new RangeError("division by zero");
  return (a * b) / d;
}

/** Simple interest on `principal` at `aprBps` for `elapsed` seconds, rounded up. */
export function interestUp(principal: bigint, aprBps: bigint, elapsed: bigint): bigint {
  return mulDivUp(principal, aprBps * elapsed, BPS * YEAR);
}

/** Interest owed and total debt of `loan` at `timestamp` (unix seconds, at or after `accrualStart`). */
export function debtAt(
  loan: Pick<Loan, "principal" | "carriedInterest" | "aprBps" | "accrualStart">,
  timestamp: bigint,
): { interest: bigint; debt: bigint } {
  const accrualStart = BigInt(loan.accrualStart);
  if (timestamp < accrualStart) {
    throw new RangeError(`debtAt: timestamp ${timestamp} is before the loan's accrualStart ${accrualStart}`);
  }
  const interest = loan.carriedInterest + interestUp(loan.principal, BigInt(loan.aprBps), timestamp - accrualStart);
  return { interest, debt: loan.principal + interest };
}

/** The protocol's share of `interest`, rounded down. */
export function feeOn(interest: bigint, feeBps: bigint): bigint {
  return (interest * feeBps) / BPS;
}

/** Open-term refinancing auction: APR ceiling rising linearly from `aprBps` to `maxAprBps`, rounded down. */
export function refinancingCeiling(aprBps: bigint, maxAprBps: bigint, elapsed: bigint, duration: bigint): bigint {
  if (aprBps >= maxAprBps) return aprBps;
  if (elapsed >= duration) return maxAprBps;
  return aprBps + ((maxAprBps - aprBps) * elapsed) / duration;
}

/** Default sale: premium over the debt, falling linearly from `premiumBps` of `debtAtStart` to 0, rounded up. */
export function salePremium(debtAtStart: bigint, premiumBps: bigint, elapsed: bigint, duration: bigint): bigint {
  if (elapsed >= duration) return 0n;
  return mulDivUp(debtAtStart, premiumBps * (duration - elapsed), BPS * duration);
}
