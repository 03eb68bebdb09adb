/**
 * A loan's timeline and prices, computed from its `Loan` struct (as events carry it) and the loan core's
 * immutable parameters: the same results as LoanCore's views `debtAt`, `salePrice` and
 * `refinancingCeiling`, reverts included (they throw `ArithmeticError` where the view reverts).
 */
import type { AbiParameterToPrimitiveType, Address, Chain, Client, Transport } from "viem";
import { readContract } from "viem/actions";
import { getDeployment } from "../deployments.ts";
import { loanCoreAbi } from "../generated/abis.ts";
import { DefaultMode, type Loan } from "../lending/loan.ts";
import { debtAt, refinancingCeiling, salePremium } from "../math/loanMath.ts";
import { add, sub } from "../math/uint256.ts";

type LoanParametersFunction = Extract<(typeof loanCoreAbi)[number], { type: "function"; name: "loanParameters" }>;

/** The core's deployment parameters (ILoanTypes.Parameters), fixed for its lifetime. */
export type LoanCoreParameters = AbiParameterToPrimitiveType<LoanParametersFunction["outputs"][0]>;

export type GetLoanCoreParametersParameters = {
  /** Defaults to the SDK's LoanCore deployment on the client's chain. */
  address?: Address;
};

/**
 * Reads the loan core's immutable parameters (`loanParameters()`); read once and reuse them.
 * @example
 * const params = await getLoanCoreParameters(client);
 * const status = loanStatus(loan, now, params);
 */
export async function getLoanCoreParameters<chain extends Chain | undefined>(
  client: Client<Transport, chain>,
  { address }: GetLoanCoreParametersParameters = {},
): Promise<LoanCoreParameters> {
  const loanCore = address ?? getDeployment(client.chain?.id ?? 0).loanCore.address;
  return readContract(client, { address: loanCore, abi: loanCoreAbi, functionName: "loanParameters" });
}

/** Where a live loan stands at a given time, as the core's rules see it. */
export const LoanStatus = {
  /** Running: before its due date (fixed-term) or not called (open-term). */
  Active: "active",
  /** Fixed-term, past its due date but within its grace period: repay now. */
  Grace: "grace",
  /** Open-term, called: the refinancing auction runs (anyone may take it over up to the ceiling). */
  Called: "called",
  /** Defaulted and no sale started: a Foreclose lender may take the NFT, anyone may start an Auction sale. */
  Defaulted: "defaulted",
  /** The default sale runs: anyone may buy at `salePriceAt`; the borrower may still repay in full. */
  SaleLive: "saleLive",
  /** The sale ended unsold: the lender may foreclose; the borrower may still repay in full. */
  SaleOver: "saleOver",
  /**
   * A Managed (pool) loan past its duration: its lender contract may liquidate it. A pool also liquidates
   * below health factor 1, which needs its oracle (see `healthFactor` in entities/pool).
   */
  Overdue: "overdue",
} as const;
export type LoanStatus = (typeof LoanStatus)[keyof typeof LoanStatus];

/** Due date (unix seconds) of a fixed-term loan, `startTime + duration`; undefined for open-term loans. */
export function dueAt(loan: Pick<Loan, "startTime" | "duration">): bigint | undefined {
  if (loan.duration === 0) return undefined;
  return BigInt(loan.startTime) + BigInt(loan.duration);
}

/**
 * First second at which the core treats the loan as defaulted (its `NotDefaulted` check): fixed-term
 * `startTime + duration + gracePeriod + 1`; open-term, once called, the end of the refinancing auction
 * `callTime + refinancingAuctionDuration`. Undefined for an open-term loan not called.
 */
export function defaultsAt(
  loan: Pick<Loan, "startTime" | "duration" | "gracePeriod" | "callTime">,
  params: Pick<LoanCoreParameters, "refinancingAuctionDuration">,
): bigint | undefined {
  if (loan.duration !== 0) {
    return BigInt(loan.startTime) + BigInt(loan.duration) + BigInt(loan.gracePeriod) + 1n;
  }
  if (loan.callTime === 0) return undefined;
  return BigInt(loan.callTime) + BigInt(params.refinancingAuctionDuration);
}

/** End of the refinancing auction of a called open-term loan (takeovers need `timestamp < end`). */
export function refinancingAuctionEndsAt(
  loan: Pick<Loan, "callTime">,
  params: Pick<LoanCoreParameters, "refinancingAuctionDuration">,
): bigint | undefined {
  return loan.callTime === 0 ? undefined : BigInt(loan.callTime) + BigInt(params.refinancingAuctionDuration);
}

/** End of the default sale (buying needs `timestamp < end`, foreclosing `timestamp >= end`). */
export function saleEndsAt(
  loan: Pick<Loan, "saleStart">,
  params: Pick<LoanCoreParameters, "saleDuration">,
): bigint | undefined {
  return loan.saleStart === 0 ? undefined : BigInt(loan.saleStart) + BigInt(params.saleDuration);
}

/** The loan's status at `timestamp` (unix seconds) under the core's rules. */
export function loanStatus(
  loan: Pick<Loan, "defaultMode" | "startTime" | "duration" | "gracePeriod" | "callTime" | "saleStart">,
  timestamp: bigint,
  params: Pick<LoanCoreParameters, "refinancingAuctionDuration" | "saleDuration">,
): LoanStatus {
  const saleEnd = saleEndsAt(loan, params);
  if (saleEnd !== undefined) return timestamp < saleEnd ? LoanStatus.SaleLive : LoanStatus.SaleOver;
  const due = dueAt(loan);
  if (loan.defaultMode === DefaultMode.Managed) {
    // The pool's rule: liquidatable once `block.timestamp > startTime + duration`.
    return due !== undefined && timestamp > due ? LoanStatus.Overdue : LoanStatus.Active;
  }
  const defaults = defaultsAt(loan, params);
  if (defaults !== undefined && timestamp >= defaults) return LoanStatus.Defaulted;
  if (loan.duration === 0) return loan.callTime === 0 ? LoanStatus.Active : LoanStatus.Called;
  return due !== undefined && timestamp > due ? LoanStatus.Grace : LoanStatus.Active;
}

/** Interest owed and total debt at `timestamp`: LoanCore's `debtAt` (throws before `accrualStart`). */
export function loanDebtAt(
  loan: Pick<Loan, "principal" | "carriedInterest" | "aprBps" | "accrualStart">,
  timestamp: bigint,
): { interest: bigint; debt: bigint } {
  return debtAt(loan, timestamp);
}

/**
 * Default-sale price at `timestamp`: LoanCore's `salePrice`, the debt then plus a premium falling from
 * `saleStartPremiumBps` of the debt at sale start to zero over `saleDuration`. Meaningful once the sale
 * started; like the view, it throws only where the arithmetic fails (e.g. `timestamp < saleStart`).
 */
export function salePriceAt(
  loan: Pick<Loan, "principal" | "carriedInterest" | "aprBps" | "accrualStart" | "saleStart">,
  timestamp: bigint,
  params: Pick<LoanCoreParameters, "saleDuration" | "saleStartPremiumBps">,
): bigint {
  const saleStart = BigInt(loan.saleStart);
  const { debt: debtAtStart } = debtAt(loan, saleStart);
  const { debt } = debtAt(loan, timestamp);
  const premium = salePremium(
    debtAtStart,
    BigInt(params.saleStartPremiumBps),
    sub(timestamp, saleStart, "salePrice: timestamp before saleStart"),
    BigInt(params.saleDuration),
  );
  return add(debt, premium, "salePrice");
}

/**
 * APR ceiling (bps) of the refinancing auction at `timestamp`: LoanCore's `refinancingCeiling`, rising
 * linearly from the loan's APR at `callTime` to `maxAprBps` at the auction's end. Meaningful for a called
 * loan; like the view, it throws only where the arithmetic fails (`timestamp < callTime`).
 */
export function refinancingCeilingAt(
  loan: Pick<Loan, "aprBps" | "callTime">,
  timestamp: bigint,
  params: Pick<LoanCoreParameters, "maxAprBps" | "refinancingAuctionDuration">,
): bigint {
  return refinancingCeiling(
    BigInt(loan.aprBps),
    BigInt(params.maxAprBps),
    sub(timestamp, BigInt(loan.callTime), "refinancingCeiling: timestamp before callTime"),
    BigInt(params.refinancingAuctionDuration),
  );
}
