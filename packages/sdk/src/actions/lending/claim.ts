import type { Address } from "viem";
import { readContract } from "viem/actions";
import { loanCoreAbi } from "../../generated/abis.ts";
import {
  accountAddress,
  execute,
  loanCoreAddress,
  type ReadClient,
  resolveAccount,
  type WriteClient,
  type WriteParameters,
  type WriteResult,
} from "../internal.ts";

export type ClaimLoanPaymentsParameters = WriteParameters & {
  currency: Address;
  /** Default: the caller. */
  to?: Address;
  loanCore?: Address;
};
export type ClaimLoanPaymentsReturnType = WriteResult & { amount: bigint };

/**
 * Withdraws payments LoanCore booked for the caller because delivering them failed (a blacklisted or
 * reverting recipient). No requirements.
 * @example
 * const { amount } = await claimLoanPayments(wallet, { currency: usdc });
 */
export async function claimLoanPayments(
  client: WriteClient,
  parameters: ClaimLoanPaymentsParameters,
): Promise<ClaimLoanPaymentsReturnType> {
  const account = resolveAccount(client, parameters.account);
  const written = await execute(client, {
    address: await loanCoreAddress(client, parameters.loanCore),
    abi: loanCoreAbi,
    functionName: "claim",
    args: [parameters.currency, parameters.to ?? accountAddress(account)],
    account,
  });
  return { ...written, amount: written.result };
}

/** What LoanCore holds for `account` in `currency`. */
export async function getClaimableLoanPayments(
  client: ReadClient,
  parameters: { account: Address; currency: Address; loanCore?: Address },
): Promise<bigint> {
  return readContract(client, {
    address: await loanCoreAddress(client, parameters.loanCore),
    abi: loanCoreAbi,
    functionName: "claimable",
    args: [parameters.account, parameters.currency],
  });
}
