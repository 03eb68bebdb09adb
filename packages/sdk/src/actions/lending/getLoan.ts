import type { Address, BlockNumber, BlockTag } from "viem";
import { zeroHash } from "viem";
import { getContractEvents, readContract } from "viem/actions";
import { LoanNotLiveError, LoanStateNotFoundError } from "../../actionErrors.ts";
import { findDeployment } from "../../deployments.ts";
import { loanCoreAbi } from "../../generated/abis.ts";
import type { Loan } from "../../lending/loan.ts";
import { hashLoan } from "../../lending/sign.ts";
import { chainIdOf, loanCoreAddress, type ReadClient } from "../internal.ts";

export type GetLoanParameters = {
  loanId: bigint;
  loanCore?: Address;
  /** First block to scan; default: the LoanCore's deployment block (0 on unknown chains). */
  fromBlock?: BlockNumber | BlockTag;
};
export type GetLoanReturnType = Loan;
export type GetLoanErrorType = LoanNotLiveError | LoanStateNotFoundError;

/**
 * A live loan's current state, rebuilt from the core's events (LoanStarted, LoanUpdated, LoanTransferred
 * all carry the full struct) and checked against `loanHash(loanId)`. Prefer the indexer for many loans.
 * @example
 * const loan = await getLoan(client, { loanId: 3n });
 * await repayLoan(walletClient, { loanId: 3n, loan });
 */
export async function getLoan(client: ReadClient, parameters: GetLoanParameters): Promise<GetLoanReturnType> {
  const { loanId } = parameters;
  const address = await loanCoreAddress(client, parameters.loanCore);
  const fromBlock =
    parameters.fromBlock ??
    (parameters.loanCore ? 0n : BigInt(findDeployment(await chainIdOf(client))?.loanCore.blockNumber ?? 0));
  const [stored, ...batches] = await Promise.all([
    readContract(client, { address, abi: loanCoreAbi, functionName: "loanHash", args: [loanId] }),
    ...(["LoanStarted", "LoanUpdated", "LoanTransferred"] as const).map((eventName) =>
      getContractEvents(client, { address, abi: loanCoreAbi, eventName, args: { loanId }, fromBlock, strict: true }),
    ),
  ]);
  if (stored === zeroHash) throw new LoanNotLiveError(loanId);
  // The newest struct whose hash is the stored one (the newest event, unless the chain moved meanwhile).
  const states = batches
    .flat()
    .sort((a, b) => Number((a.blockNumber ?? 0n) - (b.blockNumber ?? 0n)) || (a.logIndex ?? 0) - (b.logIndex ?? 0))
    .map((log) => log.args.loan as Loan)
    .reverse();
  const current = states.find((loan) => hashLoan(loan) === stored);
  if (!current) throw new LoanStateNotFoundError(loanId);
  return current;
}
