import type { Address } from "viem";
import { readContract } from "viem/actions";
import { lendingPoolAbi } from "../../generated/abis.ts";
import {
  accountAddress,
  execute,
  poolAddress,
  type ReadClient,
  resolveAccount,
  type WriteClient,
  type WriteParameters,
  type WriteResult,
} from "../internal.ts";

export type ClaimFromPoolParameters = WriteParameters & { to?: Address; pool?: Address };
export type ClaimFromPoolReturnType = WriteResult & { amount: bigint };

/**
 * Withdraws what the pool owes the caller: auction surplus (borrowers), penalties it could not push
 * (liquidators). No requirements.
 * @example
 * const { amount } = await claimFromPool(borrowerWallet);
 */
export async function claimFromPool(
  client: WriteClient,
  parameters: ClaimFromPoolParameters = {},
): Promise<ClaimFromPoolReturnType> {
  const account = resolveAccount(client, parameters.account);
  const written = await execute(client, {
    address: await poolAddress(client, parameters.pool),
    abi: lendingPoolAbi,
    functionName: "claim",
    args: [parameters.to ?? accountAddress(account)],
    account,
  });
  return { ...written, amount: written.result };
}

/** What the pool owes `account`. */
export async function getPoolClaimable(
  client: ReadClient,
  parameters: { account: Address; pool?: Address },
): Promise<bigint> {
  return readContract(client, {
    address: await poolAddress(client, parameters.pool),
    abi: lendingPoolAbi,
    functionName: "claimable",
    args: [parameters.account],
  });
}
