import type { Account, Address, Hex } from "viem";
import { loanCoreAbi } from "../../generated/abis.ts";
import type { Loan, LoanOffer } from "../../lending/loan.ts";
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
import { DEFAULT_MARGIN_SECONDS, debtWithMargin, type LoanReference } from "./loanEvents.ts";

export type RefinanceLoanParameters = WriteParameters &
  LoanReference & {
    /** The new lender's signed offer for the same NFT. */
    offer: LoanOffer;
    signature: Hex;
    /** Default: the offer's maxPrincipal. */
    principal?: bigint;
    proof?: readonly Hex[];
    loanCore?: Address;
  };
export type RefinanceLoanReturnType = WriteResult & {
  loan: Loan;
  previousLender: Address;
  newLender: Address;
  paidToLender: bigint;
};

/**
 * The borrower-note holder moves the loan to a new offer; the new lender repays the old one. The
 * borrower receives `principal - debt` or pays `debt - principal`. Requirements: the borrower's
 * allowance for that shortfall (the new lender's allowance is its own offer's requirement).
 * @example
 * const { loan: refinanced } = await refinanceLoan(borrowerWallet, { loanId, loan, offer, signature });
 */
export async function refinanceLoan(
  client: WriteClient,
  parameters: RefinanceLoanParameters,
): Promise<RefinanceLoanReturnType> {
  const address = await loanCoreAddress(client, parameters.loanCore);
  const written = await execute(client, {
    address,
    abi: loanCoreAbi,
    functionName: "refinance",
    args: [
      parameters.loanId,
      parameters.loan,
      parameters.offer,
      parameters.signature,
      parameters.principal ?? parameters.offer.maxPrincipal,
      parameters.proof ?? [],
    ],
    account: parameters.account,
  });
  const { args } = eventOf(loanCoreAbi, "LoanTransferred", address, written);
  return {
    ...written,
    loan: args.loan,
    previousLender: args.previousLender,
    newLender: args.newLender,
    paidToLender: args.paidToLender,
  };
}

export async function getRefinanceLoanRequirements(
  client: ReadClient,
  parameters: LoanReference & {
    offer: LoanOffer;
    principal?: bigint;
    account: Account | Address;
    loanCore?: Address;
    marginSeconds?: number;
  },
): Promise<Requirement[]> {
  const loanCore = await loanCoreAddress(client, parameters.loanCore);
  const principal = parameters.principal ?? parameters.offer.maxPrincipal;
  const debt = await debtWithMargin(client, parameters.loan, parameters.marginSeconds ?? DEFAULT_MARGIN_SECONDS);
  return missing([
    await erc20AllowanceRequirement(client, {
      token: parameters.loan.currency,
      owner: accountAddress(parameters.account),
      spender: loanCore,
      amount: debt > principal ? debt - principal : 0n,
    }),
  ]);
}
