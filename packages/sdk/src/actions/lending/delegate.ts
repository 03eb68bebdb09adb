import { type Address, zeroAddress } from "viem";
import { loanCoreAbi } from "../../generated/abis.ts";
import type { Loan } from "../../lending/loan.ts";
import { execute, loanCoreAddress, type WriteClient, type WriteParameters, type WriteResult } from "../internal.ts";
import { type LoanReference, nextLoanState } from "./loanEvents.ts";

export type SetLoanDelegateParameters = WriteParameters &
  LoanReference & {
    /** delegate.cash delegate of the escrowed NFT; zero (default) revokes. */
    delegate?: Address;
    loanCore?: Address;
  };
export type SetLoanDelegateReturnType = WriteResult & { loan: Loan };

/**
 * The borrower-note holder sets (or revokes) the delegate of the escrowed NFT. No requirements.
 * @example
 * await setLoanDelegate(borrowerWallet, { loanId, loan, delegate: hotWallet });
 */
export async function setLoanDelegate(
  client: WriteClient,
  parameters: SetLoanDelegateParameters,
): Promise<SetLoanDelegateReturnType> {
  const address = await loanCoreAddress(client, parameters.loanCore);
  const written = await execute(client, {
    address,
    abi: loanCoreAbi,
    functionName: "setDelegate",
    args: [parameters.loanId, parameters.loan, parameters.delegate ?? zeroAddress],
    account: parameters.account,
  });
  return { ...written, loan: nextLoanState(address, parameters.loanId, written) };
}
