import {
  type Account,
  type Address,
  type BlockNumber,
  type BlockTag,
  encodeAbiParameters,
  type Hash,
  keccak256,
  zeroAddress,
  zeroHash,
} from "viem";
import { getContractEvents, readContract } from "viem/actions";
import { LoanStateNotFoundError } from "../../actionErrors.ts";
import { findDeployment } from "../../deployments.ts";
import { type Auction, redemptionCost } from "../../entities/auction.ts";
import { HypothecaError } from "../../errors.ts";
import { lendingPoolAbi } from "../../generated/abis.ts";
import {
  accountAddress,
  chainIdOf,
  eventOf,
  execute,
  latestTimestamp,
  poolAddress,
  type ReadClient,
  simulate,
  type WriteClient,
  type WriteParameters,
  type WriteResult,
} from "../internal.ts";
import type { LoanReference } from "../lending/loanEvents.ts";
import { erc20AllowanceRequirement, missing, type Requirement } from "../requirements.ts";

type LiquidationStarted = Extract<(typeof lendingPoolAbi)[number], { type: "event"; name: "LiquidationStarted" }>;
const auctionParameter = (
  lendingPoolAbi.find((item) => item.type === "event" && item.name === "LiquidationStarted") as LiquidationStarted
).inputs[3];

/** A pool liquidation auction (ILendingPoolTypes.Auction): only its hash is stored; pass it back. */
export type PoolAuction = Auction;
/** An auction of one loan: what the auction operations take. */
export type AuctionReference = { loanId: bigint; auction: PoolAuction };

const TOP_BIT_CLEAR = (1n << 255n) - 1n;

/** The pool's stored key of an auction (`auctionHash`): keccak256(abi.encode(auction)) with the top bit cleared. */
export function hashPoolAuction(auction: PoolAuction): Hash {
  const hash = BigInt(keccak256(encodeAbiParameters([auctionParameter], [auction])));
  return `0x${(hash & TOP_BIT_CLEAR).toString(16).padStart(64, "0")}`;
}

/** No live auction for this loan in the pool. */
export class AuctionNotLiveError extends HypothecaError {
  override name = "AuctionNotLiveError";
  constructor(readonly loanId: bigint) {
    super(`Loan ${loanId} has no live auction in the pool (never liquidated, sold or redeemed).`);
  }
}

/**
 * A live auction's current state from the pool's events (LiquidationStarted, AuctionRestarted), checked
 * against `auctionHash(loanId)`.
 * @example
 * const auction = await getPoolAuction(client, { loanId });
 */
export async function getPoolAuction(
  client: ReadClient,
  parameters: { loanId: bigint; pool?: Address; fromBlock?: BlockNumber | BlockTag },
): Promise<PoolAuction> {
  const { loanId } = parameters;
  const address = await poolAddress(client, parameters.pool);
  const fromBlock =
    parameters.fromBlock ??
    (parameters.pool ? 0n : BigInt(findDeployment(await chainIdOf(client))?.lendingPool.blockNumber ?? 0));
  const [stored, started, restarted] = await Promise.all([
    readContract(client, { address, abi: lendingPoolAbi, functionName: "auctionHash", args: [loanId] }),
    getContractEvents(client, {
      address,
      abi: lendingPoolAbi,
      eventName: "LiquidationStarted",
      args: { loanId },
      fromBlock,
      strict: true,
    }),
    getContractEvents(client, {
      address,
      abi: lendingPoolAbi,
      eventName: "AuctionRestarted",
      args: { loanId },
      fromBlock,
      strict: true,
    }),
  ]);
  if (stored === zeroHash) throw new AuctionNotLiveError(loanId);
  const auction = [...started, ...restarted]
    .map((log) => log.args.auction as PoolAuction)
    .find((candidate) => hashPoolAuction(candidate) === stored);
  if (!auction) throw new LoanStateNotFoundError(loanId, "auction");
  return auction;
}

export type StartPoolLiquidationParameters = WriteParameters & LoanReference & { pool?: Address };
export type StartPoolLiquidationReturnType = WriteResult & AuctionReference & { healthFactor: bigint };

/**
 * Anyone liquidates a pool loan whose health factor is below 1 or that is past its duration: the pool
 * takes the NFT and starts a Dutch auction; the caller earns the redemption penalty if the borrower
 * redeems. A healthy loan reverts LoanHealthy (decoded). No requirements.
 * @example
 * const { auction } = await startPoolLiquidation(keeperWallet, { loanId, loan });
 */
export async function startPoolLiquidation(
  client: WriteClient,
  parameters: StartPoolLiquidationParameters,
): Promise<StartPoolLiquidationReturnType> {
  const address = await poolAddress(client, parameters.pool);
  const written = await execute(client, {
    address,
    abi: lendingPoolAbi,
    functionName: "startLiquidation",
    args: [parameters.loanId, parameters.loan],
    account: parameters.account,
  });
  const { args } = eventOf(lendingPoolAbi, "LiquidationStarted", address, written);
  return { ...written, loanId: args.loanId, auction: args.auction, healthFactor: args.healthFactor };
}

/** The auction's price now (or at `timestamp`). */
export async function getPoolAuctionPrice(
  client: ReadClient,
  parameters: { auction: PoolAuction; timestamp?: bigint; pool?: Address },
): Promise<bigint> {
  return readContract(client, {
    address: await poolAddress(client, parameters.pool),
    abi: lendingPoolAbi,
    functionName: "auctionPrice",
    args: [parameters.auction, parameters.timestamp ?? (await latestTimestamp(client))],
  });
}

export type BuyPoolAuctionParameters = WriteParameters &
  AuctionReference & {
    /** Default: the price at the latest block (the price only falls). */
    maxPrice?: bigint;
    to?: Address;
    pool?: Address;
  };
export type BuyPoolAuctionReturnType = WriteResult & { price: bigint; toPool: bigint; surplus: bigint };

/**
 * Buys an auctioned NFT at the current price; the surplus over the debt is owed to the borrower (claim).
 * Requirements: the buyer's asset allowance to the pool for the price.
 * @example
 * await buyPoolAuction(buyerWallet, { loanId, auction });
 */
export async function buyPoolAuction(
  client: WriteClient,
  parameters: BuyPoolAuctionParameters,
): Promise<BuyPoolAuctionReturnType> {
  const address = await poolAddress(client, parameters.pool);
  const maxPrice =
    parameters.maxPrice ?? (await getPoolAuctionPrice(client, { auction: parameters.auction, pool: address }));
  const written = await execute(client, {
    address,
    abi: lendingPoolAbi,
    functionName: "buy",
    args: [parameters.loanId, parameters.auction, maxPrice, parameters.to ?? zeroAddress],
    account: parameters.account,
  });
  const { price, toPool, surplus } = eventOf(lendingPoolAbi, "AuctionSold", address, written).args;
  return { ...written, price, toPool, surplus };
}

async function poolAsset(client: ReadClient, pool: Address): Promise<Address> {
  return readContract(client, { address: pool, abi: lendingPoolAbi, functionName: "asset" });
}

/** The buyer's allowance to the pool for `maxPrice` (default: the current price). */
export async function getBuyPoolAuctionRequirements(
  client: ReadClient,
  parameters: AuctionReference & { account: Account | Address; maxPrice?: bigint; pool?: Address },
): Promise<Requirement[]> {
  const pool = await poolAddress(client, parameters.pool);
  return missing([
    await erc20AllowanceRequirement(client, {
      token: await poolAsset(client, pool),
      owner: accountAddress(parameters.account),
      spender: pool,
      amount: parameters.maxPrice ?? (await getPoolAuctionPrice(client, { auction: parameters.auction, pool })),
    }),
  ]);
}

export type RedeemPoolLoanParameters = WriteParameters & AuctionReference & { pool?: Address };
export type RedeemPoolLoanReturnType = WriteResult & { debt: bigint; penalty: bigint };

/**
 * Until the NFT is sold, anyone pays the debt plus the penalty; the NFT returns to the recorded
 * borrower. Requirements: the payer's asset allowance to the pool for that total.
 * @example
 * await redeemPoolLoan(borrowerWallet, { loanId, auction });
 */
export async function redeemPoolLoan(
  client: WriteClient,
  parameters: RedeemPoolLoanParameters,
): Promise<RedeemPoolLoanReturnType> {
  const address = await poolAddress(client, parameters.pool);
  const written = await execute(client, {
    address,
    abi: lendingPoolAbi,
    functionName: "redeemLoan",
    args: [parameters.loanId, parameters.auction],
    account: parameters.account,
  });
  const { debt, penalty } = eventOf(lendingPoolAbi, "AuctionRedeemed", address, written).args;
  return { ...written, debt, penalty };
}

export async function getRedeemPoolLoanRequirements(
  client: ReadClient,
  parameters: AuctionReference & { account: Account | Address; pool?: Address },
): Promise<Requirement[]> {
  const pool = await poolAddress(client, parameters.pool);
  return missing([
    await erc20AllowanceRequirement(client, {
      token: await poolAsset(client, pool),
      owner: accountAddress(parameters.account),
      spender: pool,
      amount: redemptionCost(parameters.auction).total,
    }),
  ]);
}

export type RestartPoolAuctionParameters = WriteParameters & AuctionReference & { pool?: Address };
export type RestartPoolAuctionReturnType = WriteResult & { auction: PoolAuction };

/**
 * Anyone restarts an auction whose decay ended unsold (from the old floor to a lower one). No requirements.
 * @example
 * const { auction: next } = await restartPoolAuction(keeperWallet, { loanId, auction });
 */
export async function restartPoolAuction(
  client: WriteClient,
  parameters: RestartPoolAuctionParameters,
): Promise<RestartPoolAuctionReturnType> {
  const address = await poolAddress(client, parameters.pool);
  const written = await execute(client, {
    address,
    abi: lendingPoolAbi,
    functionName: "restart",
    args: [parameters.loanId, parameters.auction],
    account: parameters.account,
  });
  return { ...written, auction: eventOf(lendingPoolAbi, "AuctionRestarted", address, written).args.auction };
}

/** Health factor (WAD, 1e18 = 1) of a live pool loan; reverts decode (LoanHashMismatch, LoanNotManaged). */
export async function getPoolLoanHealthFactor(
  client: ReadClient,
  parameters: LoanReference & { pool?: Address },
): Promise<bigint> {
  const address = await poolAddress(client, parameters.pool);
  return simulate(
    () =>
      readContract(client, {
        address,
        abi: lendingPoolAbi,
        functionName: "healthFactor",
        args: [parameters.loanId, parameters.loan],
      }),
    { contract: address, functionName: "healthFactor" },
  );
}
