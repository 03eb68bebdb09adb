import type { Address, Hash, Hex } from "viem";
import { readContract } from "viem/actions";
import { loanCoreAbi } from "../../generated/abis.ts";
import type { LoanOffer } from "../../lending/loan.ts";
import { type BuildLoanOfferParameters, buildLoanOffer, hashLoanOffer, signLoanOffer } from "../../lending/sign.ts";
import {
  accountAddress,
  chainIdOf,
  eventOf,
  execute,
  loanCoreAddress,
  type ReadClient,
  resolveAccount,
  type WriteClient,
  type WriteParameters,
  type WriteResult,
} from "../internal.ts";
import { erc20AllowanceRequirement, missing, type Requirement } from "../requirements.ts";

export type CreateLoanOfferParameters = WriteParameters &
  Omit<BuildLoanOfferParameters, "lender"> & {
    loanCore?: Address;
  };
export type CreateLoanOfferReturnType = { offer: LoanOffer; signature: Hex; offerHash: Hash };

/**
 * Builds and signs a lender offer (no transaction). The nonce defaults to the lender's current minimum
 * nonce, so an offer is never born cancelled. Post it to the offer book or hand it to a borrower.
 * @example
 * const { offer, signature } = await createLoanOffer(lenderWallet, { collateral, currency: weth, principal: parseEther("1"), aprBps: 1200, duration: 30 * 86400 });
 */
export async function createLoanOffer(
  client: WriteClient,
  parameters: CreateLoanOfferParameters,
): Promise<CreateLoanOfferReturnType> {
  const account = resolveAccount(client, parameters.account);
  const lender = accountAddress(account);
  const loanCore = await loanCoreAddress(client, parameters.loanCore);
  const nonce =
    parameters.nonce ??
    (await readContract(client, { address: loanCore, abi: loanCoreAbi, functionName: "minNonce", args: [lender] }));
  const offer = buildLoanOffer({ ...parameters, lender, nonce });
  const signature = await signLoanOffer(client, { offer, account, loanCore });
  return { offer, signature, offerHash: hashLoanOffer(offer, { chainId: await chainIdOf(client), loanCore }) };
}

/**
 * The lender's allowance to LoanCore must cover what is left of the offer's capacity: LoanCore pulls
 * each loan's principal from the lender when a borrower accepts.
 */
export async function getCreateLoanOfferRequirements(
  client: ReadClient,
  { offer, loanCore }: { offer: LoanOffer; loanCore?: Address },
): Promise<Requirement[]> {
  const core = await loanCoreAddress(client, loanCore);
  const offerHash = hashLoanOffer(offer, { chainId: await chainIdOf(client), loanCore: core });
  const used = await readContract(client, {
    address: core,
    abi: loanCoreAbi,
    functionName: "offerUsed",
    args: [offerHash],
  });
  const remaining = used >= offer.capacity ? 0n : offer.capacity - used;
  return missing([
    await erc20AllowanceRequirement(client, {
      token: offer.currency,
      owner: offer.lender,
      spender: core,
      amount: remaining,
    }),
  ]);
}

export type CancelLoanOfferParameters = WriteParameters & { offer: LoanOffer; loanCore?: Address };
export type CancelLoanOfferReturnType = WriteResult & { offerHash: Hash };

/**
 * The lender cancels one offer on chain (the offer book drops it on the event). No requirements.
 * @example
 * await cancelLoanOffer(lenderWallet, { offer });
 */
export async function cancelLoanOffer(
  client: WriteClient,
  { offer, loanCore, account }: CancelLoanOfferParameters,
): Promise<CancelLoanOfferReturnType> {
  const address = await loanCoreAddress(client, loanCore);
  const written = await execute(client, {
    address,
    abi: loanCoreAbi,
    functionName: "cancelOffer",
    args: [offer],
    account,
  });
  const event = eventOf(loanCoreAbi, "OfferCancelled", address, written);
  return { ...written, offerHash: event.args.offerHash };
}

export type CancelNoncesParameters = WriteParameters & {
  /** Every offer, request and renegotiation of the caller with a nonce below this becomes void. */
  minNonce: bigint;
  loanCore?: Address;
};
export type CancelNoncesReturnType = WriteResult & { minNonce: bigint };

/**
 * Voids all the caller's signatures with a nonce below `minNonce` in one transaction. No requirements.
 * @example
 * await cancelNonces(wallet, { minNonce: 5n });
 */
export async function cancelNonces(
  client: WriteClient,
  { minNonce, loanCore, account }: CancelNoncesParameters,
): Promise<CancelNoncesReturnType> {
  const address = await loanCoreAddress(client, loanCore);
  const written = await execute(client, {
    address,
    abi: loanCoreAbi,
    functionName: "cancelNoncesBelow",
    args: [minNonce],
    account,
  });
  return { ...written, minNonce: eventOf(loanCoreAbi, "NoncesCancelled", address, written).args.minNonce };
}
