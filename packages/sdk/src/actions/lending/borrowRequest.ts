import { type Account, type Address, type Hash, type Hex, zeroAddress } from "viem";
import { readContract } from "viem/actions";
import { loanCoreAbi } from "../../generated/abis.ts";
import {
  type BorrowRequest,
  type BuildBorrowRequestParameters,
  buildBorrowRequest,
  hashBorrowRequest,
  signBorrowRequest,
} from "../../lending/sign.ts";
import {
  accountAddress,
  chainIdOf,
  execute,
  loanCoreAddress,
  type ReadClient,
  resolveAccount,
  type WriteClient,
  type WriteParameters,
} from "../internal.ts";
import { collateralRequirement, erc20AllowanceRequirement, missing, type Requirement } from "../requirements.ts";
import { type AcceptLoanOfferReturnType, startedLoan } from "./acceptOffer.ts";

export type CreateBorrowRequestParameters = WriteParameters &
  Omit<BuildBorrowRequestParameters, "borrower"> & { loanCore?: Address };
export type CreateBorrowRequestReturnType = { request: BorrowRequest; signature: Hex; requestHash: Hash };

/**
 * Builds and signs a borrower's request (no transaction); the nonce defaults to the borrower's minimum.
 * Requirements: the NFT approved to LoanCore before a lender fills it (getCreateBorrowRequestRequirements).
 * @example
 * const { request, signature } = await createBorrowRequest(borrowerWallet, { collateral, tokenId: 7n, currency: weth, minPrincipal: parseEther("1"), maxAprBps: 1500, duration: 14 * 86400 });
 */
export async function createBorrowRequest(
  client: WriteClient,
  parameters: CreateBorrowRequestParameters,
): Promise<CreateBorrowRequestReturnType> {
  const account = resolveAccount(client, parameters.account);
  const borrower = accountAddress(account);
  const loanCore = await loanCoreAddress(client, parameters.loanCore);
  const nonce =
    parameters.nonce ??
    (await readContract(client, { address: loanCore, abi: loanCoreAbi, functionName: "minNonce", args: [borrower] }));
  const request = buildBorrowRequest({ ...parameters, borrower, nonce });
  const signature = await signBorrowRequest(client, { request, account, loanCore });
  return {
    request,
    signature,
    requestHash: hashBorrowRequest(request, { chainId: await chainIdOf(client), loanCore }),
  };
}

/** The borrower's collateral approval to LoanCore (LoanCore escrows it when a lender fills the request). */
export async function getCreateBorrowRequestRequirements(
  client: ReadClient,
  { request, loanCore }: { request: BorrowRequest; loanCore?: Address },
): Promise<Requirement[]> {
  return missing([
    await collateralRequirement(client, {
      collateral: request.collateral,
      tokenId: request.tokenId,
      collateralAmount: request.collateralAmount,
      owner: request.borrower,
      spender: await loanCoreAddress(client, loanCore),
    }),
  ]);
}

export type FillBorrowRequestParameters = WriteParameters & {
  request: BorrowRequest;
  signature: Hex;
  /** Default: the request's minPrincipal. */
  principal?: bigint;
  /** Default: the request's maxAprBps. */
  aprBps?: number;
  /** Who receives the lender note (default: the caller). */
  lender?: Address;
  loanCore?: Address;
};
export type FillBorrowRequestReturnType = AcceptLoanOfferReturnType;

/**
 * A lender funds a borrower's signed request: the principal goes from the caller to the borrower, whose
 * NFT is escrowed. Requirements: the caller's currency allowance to LoanCore.
 * @example
 * const { loanId } = await fillBorrowRequest(lenderWallet, { request, signature, aprBps: 1200 });
 */
export async function fillBorrowRequest(
  client: WriteClient,
  parameters: FillBorrowRequestParameters,
): Promise<FillBorrowRequestReturnType> {
  const address = await loanCoreAddress(client, parameters.loanCore);
  const written = await execute(client, {
    address,
    abi: loanCoreAbi,
    functionName: "fillRequest",
    args: [
      parameters.request,
      parameters.signature,
      parameters.principal ?? parameters.request.minPrincipal,
      parameters.aprBps ?? parameters.request.maxAprBps,
      parameters.lender ?? zeroAddress,
    ],
    account: parameters.account,
  });
  return { ...written, ...startedLoan(address, written) };
}

/** The lender's currency allowance to LoanCore for the principal (the borrower's collateral approval is its own). */
export async function getFillBorrowRequestRequirements(
  client: ReadClient,
  parameters: { request: BorrowRequest; principal?: bigint; account: Account | Address; loanCore?: Address },
): Promise<Requirement[]> {
  const { request } = parameters;
  return missing([
    await erc20AllowanceRequirement(client, {
      token: request.currency,
      owner: accountAddress(parameters.account),
      spender: await loanCoreAddress(client, parameters.loanCore),
      amount: parameters.principal ?? request.minPrincipal,
    }),
  ]);
}
