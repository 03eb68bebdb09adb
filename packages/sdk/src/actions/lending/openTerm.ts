import type { Account, Address } from "viem";
import { readContract } from "viem/actions";
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
import { DEFAULT_MARGIN_SECONDS, debtWithMargin, type LoanReference, nextLoanState } from "./loanEvents.ts";

export type CallLoanParameters = WriteParameters & LoanReference & { loanCore?: Address };
export type CallLoanReturnType = WriteResult & { loan: Loan };

/**
 * The lender-note holder calls an open-term loan, starting its refinancing auction. No requirements.
 * @example
 * const { loan: called } = await callLoan(lenderWallet, { loanId, loan });
 */
export async function callLoan(client: WriteClient, parameters: CallLoanParameters): Promise<CallLoanReturnType> {
  const address = await loanCoreAddress(client, parameters.loanCore);
  const written = await execute(client, {
    address,
    abi: loanCoreAbi,
    functionName: "callLoan",
    args: [parameters.loanId, parameters.loan],
    account: parameters.account,
  });
  return { ...written, loan: nextLoanState(address, parameters.loanId, written) };
}

/** The refinancing auction's APR ceiling (bps) of a called loan now (or at `timestamp`). */
export async function getRefinancingCeiling(
  client: ReadClient,
  parameters: { loan: Loan; timestamp?: bigint; loanCore?: Address },
): Promise<number> {
  const ceiling = await readContract(client, {
    address: await loanCoreAddress(client, parameters.loanCore),
    abi: loanCoreAbi,
    functionName: "refinancingCeiling",
    args: [parameters.loan, parameters.timestamp ?? (await latestTimestamp(client))],
  });
  return Number(ceiling);
}

export type AuctionTakeoverLoanParameters = WriteParameters &
  LoanReference & {
    /** At most the auction's current ceiling. Default: the ceiling at the latest block. */
    aprBps?: number;
    loanCore?: Address;
  };
export type AuctionTakeoverLoanReturnType = WriteResult & { loan: Loan; previousLender: Address; paidToLender: bigint };

/**
 * During a called loan's refinancing auction, the caller takes it over at `aprBps`, paying the old
 * lender the debt. Requirements: the caller's currency allowance for the debt.
 * @example
 * await auctionTakeoverLoan(lender2Wallet, { loanId, loan: called, aprBps: 2500 });
 */
export async function auctionTakeoverLoan(
  client: WriteClient,
  parameters: AuctionTakeoverLoanParameters,
): Promise<AuctionTakeoverLoanReturnType> {
  const address = await loanCoreAddress(client, parameters.loanCore);
  const aprBps =
    parameters.aprBps ?? (await getRefinancingCeiling(client, { loan: parameters.loan, loanCore: address }));
  const written = await execute(client, {
    address,
    abi: loanCoreAbi,
    functionName: "auctionTakeover",
    args: [parameters.loanId, parameters.loan, aprBps],
    account: parameters.account,
  });
  const { args } = eventOf(loanCoreAbi, "LoanTransferred", address, written);
  return { ...written, loan: args.loan, previousLender: args.previousLender, paidToLender: args.paidToLender };
}

/** The new lender's allowance to LoanCore for the debt it pays the old lender. */
export async function getAuctionTakeoverLoanRequirements(
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
