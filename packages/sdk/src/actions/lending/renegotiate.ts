import type { Address, Hex } from "viem";
import { loanCoreAbi } from "../../generated/abis.ts";
import type { Loan } from "../../lending/loan.ts";
import type { Renegotiation } from "../../lending/sign.ts";
import { execute, loanCoreAddress, type WriteClient, type WriteParameters, type WriteResult } from "../internal.ts";
import { type LoanReference, nextLoanState } from "./loanEvents.ts";

export type RenegotiateLoanParameters = WriteParameters &
  LoanReference & {
    /** Terms signed by the lender-note holder (buildRenegotiation + signRenegotiation). */
    terms: Renegotiation;
    signature: Hex;
    loanCore?: Address;
  };
export type RenegotiateLoanReturnType = WriteResult & { loan: Loan };

/**
 * The borrower-note holder applies lender-signed new terms (APR, duration, grace); accrued interest is
 * carried. No requirements: nothing is paid.
 * @example
 * const terms = buildRenegotiation({ loanId, loan, aprBps: 800 });
 * const signature = await signRenegotiation(lenderWallet, { terms });
 * await renegotiateLoan(borrowerWallet, { loanId, loan, terms, signature });
 */
export async function renegotiateLoan(
  client: WriteClient,
  parameters: RenegotiateLoanParameters,
): Promise<RenegotiateLoanReturnType> {
  const address = await loanCoreAddress(client, parameters.loanCore);
  const written = await execute(client, {
    address,
    abi: loanCoreAbi,
    functionName: "renegotiate",
    args: [parameters.loanId, parameters.loan, parameters.terms, parameters.signature],
    account: parameters.account,
  });
  return { ...written, loan: nextLoanState(address, parameters.loanId, written) };
}
