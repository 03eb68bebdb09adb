import type { Account, Address } from "viem";
import { loanCoreAbi } from "../../generated/abis.ts";
import type { Loan } from "../../lending/loan.ts";
import {
  accountAddress,
  eventOf,
  execute,
  loanCoreAddress,
  type ReadClient,
  type WriteClient,
  type WriteParameters,
  type WriteResult,
} from "../internal.ts";
import { erc20AllowanceRequirement, missing, type Requirement } from "../requirements.ts";
import { closedLoan, DEFAULT_MARGIN_SECONDS, debtWithMargin, type LoanReference, nextLoanState } from "./loanEvents.ts";

export type RepayLoanParameters = WriteParameters & LoanReference & { loanCore?: Address };
/** What was paid (LoanRepaid); the NFT went to `collateralTo`. */
export type RepayLoanReturnType = WriteResult & {
  interest: bigint;
  principal: bigint;
  fee: bigint;
  collateralTo: Address | undefined;
};

/**
 * Repays the whole debt at inclusion time; the NFT returns to the borrower-note holder. Anyone may pay.
 * Requirements: the payer's currency allowance to LoanCore for the debt (getRepayLoanRequirements).
 * Works for pool loans too (the pool is notified).
 * @example
 * await repayLoan(wallet, { loanId, loan });
 */
export async function repayLoan(client: WriteClient, parameters: RepayLoanParameters): Promise<RepayLoanReturnType> {
  const address = await loanCoreAddress(client, parameters.loanCore);
  const written = await execute(client, {
    address,
    abi: loanCoreAbi,
    functionName: "repay",
    args: [parameters.loanId, parameters.loan],
    account: parameters.account,
  });
  const { interest, principal, fee } = eventOf(loanCoreAbi, "LoanRepaid", address, written).args;
  return {
    ...written,
    interest,
    principal,
    fee,
    collateralTo: closedLoan(address, parameters.loanId, written)?.collateralTo,
  };
}

/** The payer's allowance to LoanCore for the debt a few minutes from now (`marginSeconds`, default 600). */
export async function getRepayLoanRequirements(
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

export type RepayLoanPartialParameters = RepayLoanParameters & { amount: bigint };
export type RepayLoanPartialReturnType = WriteResult & {
  interest: bigint;
  principal: bigint;
  fee: bigint;
  /** The loan's new state; undefined when the payment covered the whole debt and closed it. */
  loan: Loan | undefined;
};

/**
 * The borrower-note holder pays `amount` toward the debt (interest first). Paying the whole debt closes
 * the loan. Requirements: the currency allowance to LoanCore for `amount`.
 * @example
 * const { loan: updated } = await repayLoanPartial(borrowerWallet, { loanId, loan, amount: parseEther("0.5") });
 */
export async function repayLoanPartial(
  client: WriteClient,
  parameters: RepayLoanPartialParameters,
): Promise<RepayLoanPartialReturnType> {
  const address = await loanCoreAddress(client, parameters.loanCore);
  const written = await execute(client, {
    address,
    abi: loanCoreAbi,
    functionName: "repayPartial",
    args: [parameters.loanId, parameters.loan, parameters.amount],
    account: parameters.account,
  });
  const { interest, principal, fee } = eventOf(loanCoreAbi, "LoanRepaid", address, written).args;
  const closed = closedLoan(address, parameters.loanId, written);
  return {
    ...written,
    interest,
    principal,
    fee,
    loan: closed ? undefined : nextLoanState(address, parameters.loanId, written),
  };
}

/** The borrower's allowance to LoanCore for `amount`. */
export async function getRepayLoanPartialRequirements(
  client: ReadClient,
  parameters: LoanReference & { amount: bigint; account: Account | Address; loanCore?: Address },
): Promise<Requirement[]> {
  return missing([
    await erc20AllowanceRequirement(client, {
      token: parameters.loan.currency,
      owner: accountAddress(parameters.account),
      spender: await loanCoreAddress(client, parameters.loanCore),
      amount: parameters.amount,
    }),
  ]);
}
