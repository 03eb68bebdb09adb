import { type Account, type Address, encodeAbiParameters, type Hex, zeroAddress } from "viem";
import { readContract } from "viem/actions";
import { lendingPoolAbi, loanCoreAbi } from "../../generated/abis.ts";
import { DefaultMode, type Loan } from "../../lending/loan.ts";
import type { LoanTerms } from "../../lending/sign.ts";
import {
  accountAddress,
  eventOf,
  execute,
  loanCoreAddress,
  poolAddress,
  type ReadClient,
  simulate,
  type WriteClient,
  type WriteParameters,
  type WriteResult,
} from "../internal.ts";
import { startedLoan } from "../lending/acceptOffer.ts";
import { collateralRequirement, missing, type Requirement } from "../requirements.ts";

/** A token's rarity premium, proven against the oracle's committed root. */
export type PremiumProof = { multiplierBps: bigint; proof: readonly Hex[] };

export type BorrowFromPoolParameters = WriteParameters & {
  collateral: Address;
  tokenId: bigint;
  principal: bigint;
  /** Seconds. Default: the collection's maximum duration in the pool. */
  duration?: number;
  /** Default: the pool's quote for `principal` now (the lowest APR it accepts). */
  aprBps?: number;
  premium?: PremiumProof;
  delegate?: Address;
  pool?: Address;
  loanCore?: Address;
};
export type BorrowFromPoolReturnType = WriteResult & {
  loanId: bigint;
  loan: Loan;
  /** The collateral's borrow value in the pool's asset (LoanBooked). */
  value: bigint;
  premiumBps: bigint;
};

/**
 * The LoanTerms and `data` LoanCore.borrowFrom takes for a pool loan: Managed, no grace, ERC-721 only,
 * the pool's asset, its quote and the collection's maximum duration unless given. `data` carries the
 * premium proof as abi.encode(multiplierBps, proof), or is empty (valued at the floor).
 */
export async function buildPoolLoanTerms(
  client: ReadClient,
  parameters: Omit<BorrowFromPoolParameters, "account" | "loanCore">,
): Promise<{ terms: LoanTerms; data: Hex }> {
  const pool = await poolAddress(client, parameters.pool);
  const [asset, quote, duration] = await Promise.all([
    readContract(client, { address: pool, abi: lendingPoolAbi, functionName: "asset" }),
    parameters.aprBps ??
      readContract(client, { address: pool, abi: lendingPoolAbi, functionName: "quote", args: [parameters.principal] }),
    parameters.duration ?? maxDuration(client, pool, parameters.collateral),
  ]);
  const terms: LoanTerms = {
    collateral: parameters.collateral,
    tokenId: parameters.tokenId,
    collateralAmount: 0n,
    currency: asset,
    principal: parameters.principal,
    aprBps: Number(quote),
    duration,
    gracePeriod: 0,
    defaultMode: DefaultMode.Managed,
    delegate: parameters.delegate ?? zeroAddress,
  };
  const data = parameters.premium
    ? encodeAbiParameters(
        [{ type: "uint256" }, { type: "bytes32[]" }],
        [parameters.premium.multiplierBps, parameters.premium.proof],
      )
    : "0x";
  return { terms, data };
}

async function maxDuration(client: ReadClient, pool: Address, collection: Address): Promise<number> {
  const { version } = await readContract(client, {
    address: pool,
    abi: lendingPoolAbi,
    functionName: "collectionState",
    args: [collection],
  });
  const [, config] = await readContract(client, {
    address: pool,
    abi: lendingPoolAbi,
    functionName: "collectionConfig",
    args: [version],
  });
  return config.maxDuration;
}

/**
 * Borrows from the pool against an NFT, through LoanCore.borrowFrom (the pool underwrites on chain from
 * the oracle). Reverts decode into ContractRevertedError, including the oracle's (StalePrice, PricePaused)
 * bubbling through the core. Requirements: the NFT approved to LoanCore.
 * @example
 * const { loanId, loan } = await borrowFromPool(borrowerWallet, { collateral: apes, tokenId: 7n, principal: parseEther("2") });
 */
export async function borrowFromPool(
  client: WriteClient,
  parameters: BorrowFromPoolParameters,
): Promise<BorrowFromPoolReturnType> {
  const pool = await poolAddress(client, parameters.pool);
  const loanCore = await loanCoreAddress(client, parameters.loanCore);
  const { terms, data } = await buildPoolLoanTerms(client, { ...parameters, pool });
  const written = await execute(client, {
    address: loanCore,
    abi: loanCoreAbi,
    functionName: "borrowFrom",
    args: [pool, terms, data],
    account: parameters.account,
  });
  const { loanId, loan } = startedLoan(loanCore, written);
  const booked = eventOf(lendingPoolAbi, "LoanBooked", pool, written).args;
  return { ...written, loanId, loan, value: booked.value, premiumBps: booked.premiumBps };
}

/** The collateral approval to LoanCore (and that the caller holds the NFT). */
export async function getBorrowFromPoolRequirements(
  client: ReadClient,
  parameters: { collateral: Address; tokenId: bigint; account: Account | Address; loanCore?: Address },
): Promise<Requirement[]> {
  return missing([
    await collateralRequirement(client, {
      collateral: parameters.collateral,
      tokenId: parameters.tokenId,
      collateralAmount: 0n,
      owner: accountAddress(parameters.account),
      spender: await loanCoreAddress(client, parameters.loanCore),
    }),
  ]);
}

/** The largest principal the pool lends against the token now (reverts like a borrow when prices are stale). */
export async function getPoolMaxBorrow(
  client: ReadClient,
  parameters: { collateral: Address; tokenId: bigint; premium?: PremiumProof; pool?: Address },
): Promise<bigint> {
  const address = await poolAddress(client, parameters.pool);
  return simulate(
    () =>
      readContract(client, {
        address,
        abi: lendingPoolAbi,
        functionName: "maxBorrow",
        args: [
          parameters.collateral,
          parameters.tokenId,
          parameters.premium?.multiplierBps ?? 10_000n,
          parameters.premium?.proof ?? [],
        ],
      }),
    { contract: address, functionName: "maxBorrow" },
  );
}
