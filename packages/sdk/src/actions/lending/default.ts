import { type Account, type Address, zeroAddress } from "viem";
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
import { type LoanReference, nextLoanState } from "./loanEvents.ts";

export type ForecloseLoanParameters = WriteParameters &
  LoanReference & {
    /** Who receives the NFT (default: the caller). */
    to?: Address;
    loanCore?: Address;
  };
export type ForecloseLoanReturnType = WriteResult & { collateralTo: Address };

/**
 * The lender-note holder takes the NFT of a defaulted Foreclose loan (or of an Auction loan whose sale
 * ended unsold). No requirements.
 * @example
 * await forecloseLoan(lenderWallet, { loanId, loan });
 */
export async function forecloseLoan(
  client: WriteClient,
  parameters: ForecloseLoanParameters,
): Promise<ForecloseLoanReturnType> {
  const address = await loanCoreAddress(client, parameters.loanCore);
  const written = await execute(client, {
    address,
    abi: loanCoreAbi,
    functionName: "foreclose",
    args: [parameters.loanId, parameters.loan, parameters.to ?? zeroAddress],
    account: parameters.account,
  });
  return { ...written, collateralTo: eventOf(loanCoreAbi, "LoanClosed", address, written).args.collateralTo };
}

export type StartDefaultSaleParameters = WriteParameters & LoanReference & { loanCore?: Address };
export type StartDefaultSaleReturnType = WriteResult & { loan: Loan };

/**
 * Anyone starts the Dutch auction of a defaulted Auction-mode loan. No requirements.
 * @example
 * const { loan: onSale } = await startDefaultSale(keeperWallet, { loanId, loan });
 */
export async function startDefaultSale(
  client: WriteClient,
  parameters: StartDefaultSaleParameters,
): Promise<StartDefaultSaleReturnType> {
  const address = await loanCoreAddress(client, parameters.loanCore);
  const written = await execute(client, {
    address,
    abi: loanCoreAbi,
    functionName: "startSale",
    args: [parameters.loanId, parameters.loan],
    account: parameters.account,
  });
  return { ...written, loan: nextLoanState(address, parameters.loanId, written) };
}

/** The default sale's price now (or at `timestamp`): the debt plus the decaying premium. */
export async function getSalePrice(
  client: ReadClient,
  parameters: { loan: Loan; timestamp?: bigint; loanCore?: Address },
): Promise<bigint> {
  return readContract(client, {
    address: await loanCoreAddress(client, parameters.loanCore),
    abi: loanCoreAbi,
    functionName: "salePrice",
    args: [parameters.loan, parameters.timestamp ?? (await latestTimestamp(client))],
  });
}

export type BuyDefaultSaleParameters = WriteParameters &
  LoanReference & {
    /** The most the buyer pays. Default: the price at the latest block (the price only falls). */
    maxPrice?: bigint;
    /** Who receives the NFT (default: the caller). */
    to?: Address;
    loanCore?: Address;
  };
export type BuyDefaultSaleReturnType = WriteResult & { price: bigint; debt: bigint; surplus: bigint };

/**
 * Buys the NFT of a running default sale: the lender gets the debt, the borrower the surplus.
 * Requirements: the buyer's currency allowance for the price.
 * @example
 * await buyDefaultSale(buyerWallet, { loanId, loan: onSale });
 */
export async function buyDefaultSale(
  client: WriteClient,
  parameters: BuyDefaultSaleParameters,
): Promise<BuyDefaultSaleReturnType> {
  const address = await loanCoreAddress(client, parameters.loanCore);
  const maxPrice = parameters.maxPrice ?? (await getSalePrice(client, { loan: parameters.loan, loanCore: address }));
  const written = await execute(client, {
    address,
    abi: loanCoreAbi,
    functionName: "buy",
    args: [parameters.loanId, parameters.loan, maxPrice, parameters.to ?? zeroAddress],
    account: parameters.account,
  });
  const { price, debt, surplus } = eventOf(loanCoreAbi, "CollateralSold", address, written).args;
  return { ...written, price, debt, surplus };
}

/** The buyer's allowance to LoanCore for `maxPrice` (default: the current price). */
export async function getBuyDefaultSaleRequirements(
  client: ReadClient,
  parameters: LoanReference & { account: Account | Address; maxPrice?: bigint; loanCore?: Address },
): Promise<Requirement[]> {
  const loanCore = await loanCoreAddress(client, parameters.loanCore);
  return missing([
    await erc20AllowanceRequirement(client, {
      token: parameters.loan.currency,
      owner: accountAddress(parameters.account),
      spender: loanCore,
      amount: parameters.maxPrice ?? (await getSalePrice(client, { loan: parameters.loan, loanCore })),
    }),
  ]);
}
