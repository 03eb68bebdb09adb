import { type Account, type Address, type Hex, zeroAddress } from "viem";
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
import { collateralRequirement, missing, type Requirement } from "../requirements.ts";

export type AcceptLoanOfferParameters = WriteParameters & {
  offer: LoanOffer;
  signature: Hex;
  /** The collateral token (the offer's own for Scope.Token). */
  tokenId?: bigint;
  /** Default: the offer's maxPrincipal. */
  principal?: bigint;
  /** Merkle proof of `tokenId` for Scope.TokenSet offers. */
  proof?: readonly Hex[];
  /** Who receives the borrower note (default: the caller). */
  borrower?: Address;
  /** delegate.cash delegate of the escrowed NFT (default: none). */
  delegate?: Address;
  loanCore?: Address;
};
/** The new loan as LoanStarted carries it. */
export type StartedLoan = { loanId: bigint; loan: Loan; lender: Address; borrower: Address };
export type AcceptLoanOfferReturnType = WriteResult & StartedLoan;

const defaults = (p: { offer: LoanOffer; tokenId?: bigint; principal?: bigint }) => ({
  tokenId: p.tokenId ?? p.offer.tokenId,
  principal: p.principal ?? p.offer.maxPrincipal,
});

/**
 * Borrows from a lender's signed offer: escrows the caller's NFT, sends the principal to the caller.
 * Requirements: the NFT approved to LoanCore (getAcceptLoanOfferRequirements).
 * @example
 * const { loanId, loan } = await acceptLoanOffer(borrowerWallet, { offer, signature, tokenId: 7n });
 */
export async function acceptLoanOffer(
  client: WriteClient,
  parameters: AcceptLoanOfferParameters,
): Promise<AcceptLoanOfferReturnType> {
  const address = await loanCoreAddress(client, parameters.loanCore);
  const { tokenId, principal } = defaults(parameters);
  const written = await execute(client, {
    address,
    abi: loanCoreAbi,
    functionName: "acceptOffer",
    args: [
      parameters.offer,
      parameters.signature,
      tokenId,
      principal,
      parameters.proof ?? [],
      parameters.borrower ?? zeroAddress,
      parameters.delegate ?? zeroAddress,
    ],
    account: parameters.account,
  });
  return { ...written, ...startedLoan(address, written) };
}

/** The LoanStarted event of a receipt. */
export function startedLoan(loanCore: Address, written: WriteResult): StartedLoan {
  const { args } = eventOf(loanCoreAbi, "LoanStarted", loanCore, written);
  return { loanId: args.loanId, loan: args.loan, lender: args.lender, borrower: args.borrower };
}

/**
 * What the borrower must still approve: the collateral to LoanCore (checking it holds the token). The
 * lender's allowance is the lender's own requirement (getCreateLoanOfferRequirements); a shortfall there
 * surfaces as a decoded PaymentFailed when simulating.
 */
export async function getAcceptLoanOfferRequirements(
  client: ReadClient,
  parameters: Omit<AcceptLoanOfferParameters, "signature" | "account"> & { account: Account | Address },
): Promise<Requirement[]> {
  const loanCore = await loanCoreAddress(client, parameters.loanCore);
  const { tokenId } = defaults(parameters);
  const { offer } = parameters;
  return missing([
    await collateralRequirement(client, {
      collateral: offer.collateral,
      tokenId,
      collateralAmount: offer.collateralAmount,
      owner: accountAddress(parameters.account),
      spender: loanCore,
    }),
  ]);
}
