import type { Account, Address } from "viem";
import { loanCoreAbi } from "../../generated/abis.ts";
import type { Loan } from "../../lending/loan.ts";
import {
  accountAddress,
  eventOf,
  execute,
  latestTimestamp,
  loanCoreAddress,
  type ReadClient,
  type WriteClient,
  type WriteParameters,
  type WriteResult,
} from "../internal.ts";
import { erc20AllowanceRequirement, missing, type Requirement } from "../requirements.ts";
import { DEFAULT_MARGIN_SECONDS, debtWithMargin, type LoanReference } from "./loanEvents.ts";

export type TakeOverLoanParameters = WriteParameters &
  LoanReference & {
    /** At least LoanCore's minimum improvement below the loan's APR (10% of it on the defaults). */
    aprBps: number;
    /** Counted from now; the due date must not move earlier. Default: keeps the due date. */
    duration?: number;
    /** Not shorter than the loan's. Default: the loan's. */
    gracePeriod?: number;
    loanCore?: Address;
  };
export type TakeOverLoanReturnType = WriteResult & { loan: Loan; previousLender: Address; paidToLender: bigint };

/**
 * Anyone takes over a fixed-term loan on strictly better terms for the borrower, paying the old lender
 * the debt (after the holding period). Requirements: the caller's currency allowance for the debt.
 * @example
 * await takeOverLoan(lender2Wallet, { loanId, loan, aprBps: 900 });
 */
export async function takeOverLoan(
  client: WriteClient,
  parameters: TakeOverLoanParameters,
): Promise<TakeOverLoanReturnType> {
  const address = await loanCoreAddress(client, parameters.loanCore);
  const { loan } = parameters;
  // Keeping the due date: the time left after the latest block (a later inclusion only moves it later).
  const dueAt = BigInt(loan.startTime) + BigInt(loan.duration);
  const now = await latestTimestamp(client);
  const duration = parameters.duration ?? Number(dueAt > now ? dueAt - now : 1n);
  const written = await execute(client, {
    address,
    abi: loanCoreAbi,
    functionName: "takeOver",
    args: [parameters.loanId, loan, parameters.aprBps, duration, parameters.gracePeriod ?? loan.gracePeriod],
    account: parameters.account,
  });
  const { args } = eventOf(loanCoreAbi, "LoanTransferred", address, written);
  return { ...written, loan: args.loan, previousLender: args.previousLender, paidToLender: args.paidToLender };
}

/** The new lender's allowance to LoanCore for the debt. */
export async function getTakeOverLoanRequirements(
  client: ReadClient,
  parameters: LoanReference & { account: Account | Address; loanCore?: Address; marginSeconds?: number },
): Promise<Requirement[]> {
  return missing([
    await erc20AllowanceRequirement(client, {
      token: parameters.loan.currency,
      owner: accountAddress(parameters.account),
      spender: await loanCoreAddress(client, parameters.loanCore),
      amount: await debtWithMargin(client, parameters.loan, parameters.marginSeconds ?? DEFAULT_MARGIN_SECONDS),
    }),
  ]);
}
