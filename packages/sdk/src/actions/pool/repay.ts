import type { Account, Address } from "viem";
import { lendingPoolAbi } from "../../generated/abis.ts";
import { eventsOf, poolAddress, type ReadClient, type WriteClient, type WriteParameters } from "../internal.ts";
import type { LoanReference } from "../lending/loanEvents.ts";
import { getRepayLoanRequirements, type RepayLoanReturnType, repayLoan } from "../lending/repay.ts";
import type { Requirement } from "../requirements.ts";

export type RepayPoolLoanParameters = WriteParameters & LoanReference & { pool?: Address; loanCore?: Address };
export type RepayPoolLoanReturnType = RepayLoanReturnType & {
  /** What the pool received and set aside (LoanPaymentBooked). */
  received: bigint;
  toReserves: bigint;
};

/**
 * Repays a pool loan in full through LoanCore (the pool is notified and books the payment).
 * Requirements: the payer's allowance to LoanCore for the debt.
 * @example
 * await repayPoolLoan(borrowerWallet, { loanId, loan });
 */
export async function repayPoolLoan(
  client: WriteClient,
  parameters: RepayPoolLoanParameters,
): Promise<RepayPoolLoanReturnType> {
  const pool = await poolAddress(client, parameters.pool);
  const repaid = await repayLoan(client, parameters);
  const booked = eventsOf(lendingPoolAbi, "LoanPaymentBooked", pool, repaid.receipt.logs).find(
    (e) => e.args.loanId === parameters.loanId,
  );
  return { ...repaid, received: booked?.args.received ?? 0n, toReserves: booked?.args.toReserves ?? 0n };
}

/** Same as getRepayLoanRequirements: the allowance to LoanCore (which pays the pool). */
export async function getRepayPoolLoanRequirements(
  client: ReadClient,
  parameters: LoanReference & { account: Account | Address; loanCore?: Address; marginSeconds?: number },
): Promise<Requirement[]> {
  return getRepayLoanRequirements(client, parameters);
}
