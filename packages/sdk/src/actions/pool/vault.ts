import type { Account, Address } from "viem";
import { readContract } from "viem/actions";
import { lendingPoolAbi } from "../../generated/abis.ts";
import {
  accountAddress,
  eventOf,
  execute,
  poolAddress,
  type ReadClient,
  resolveAccount,
  type WriteClient,
  type WriteParameters,
  type WriteResult,
} from "../internal.ts";
import { erc20AllowanceRequirement, missing, type Requirement } from "../requirements.ts";

export type DepositToPoolParameters = WriteParameters & {
  /** Assets (the pool's currency) to deposit. */
  assets: bigint;
  /** Who receives the shares (default: the caller). */
  receiver?: Address;
  pool?: Address;
};
export type PoolFlowReturnType = WriteResult & { assets: bigint; shares: bigint };

/**
 * Deposits assets into the ERC-4626 pool for shares. Requirements: the asset allowance to the pool.
 * @example
 * const { shares } = await depositToPool(lenderWallet, { assets: parseEther("10") });
 */
export async function depositToPool(
  client: WriteClient,
  parameters: DepositToPoolParameters,
): Promise<PoolFlowReturnType> {
  const account = resolveAccount(client, parameters.account);
  const address = await poolAddress(client, parameters.pool);
  const written = await execute(client, {
    address,
    abi: lendingPoolAbi,
    functionName: "deposit",
    args: [parameters.assets, parameters.receiver ?? accountAddress(account)],
    account,
  });
  const { assets, shares } = eventOf(lendingPoolAbi, "Deposit", address, written).args;
  return { ...written, assets, shares };
}

/** The depositor's asset allowance to the pool. */
export async function getDepositToPoolRequirements(
  client: ReadClient,
  parameters: { assets: bigint; account: Account | Address; pool?: Address },
): Promise<Requirement[]> {
  const pool = await poolAddress(client, parameters.pool);
  const asset = await readContract(client, { address: pool, abi: lendingPoolAbi, functionName: "asset" });
  return missing([
    await erc20AllowanceRequirement(client, {
      token: asset,
      owner: accountAddress(parameters.account),
      spender: pool,
      amount: parameters.assets,
    }),
  ]);
}

export type WithdrawFromPoolParameters = WriteParameters & {
  /** Assets to withdraw (at most the pool's cash: `maxWithdraw`). */
  assets: bigint;
  receiver?: Address;
  /** Whose shares are burnt (default: the caller; otherwise it must have approved the caller). */
  owner?: Address;
  pool?: Address;
};

/**
 * Withdraws assets, burning the shares they are worth (rounded up). Requirements: only when withdrawing
 * someone else's shares, their share allowance to the caller.
 * @example
 * await withdrawFromPool(lenderWallet, { assets: parseEther("5") });
 */
export async function withdrawFromPool(
  client: WriteClient,
  parameters: WithdrawFromPoolParameters,
): Promise<PoolFlowReturnType> {
  return exitPool(client, "withdraw", parameters.assets, parameters);
}

export type RedeemPoolSharesParameters = WriteParameters & {
  shares: bigint;
  receiver?: Address;
  owner?: Address;
  pool?: Address;
};

/**
 * Redeems shares for assets (rounded down). Requirements: as withdrawFromPool.
 * @example
 * await redeemPoolShares(lenderWallet, { shares: await readContract(... "balanceOf" ...) });
 */
export async function redeemPoolShares(
  client: WriteClient,
  parameters: RedeemPoolSharesParameters,
): Promise<PoolFlowReturnType> {
  return exitPool(client, "redeem", parameters.shares, parameters);
}

/** ERC-4626 `withdraw(assets, …)` or `redeem(shares, …)`: same recipients, same Withdraw event. */
async function exitPool(
  client: WriteClient,
  functionName: "withdraw" | "redeem",
  amount: bigint,
  parameters: WriteParameters & { receiver?: Address; owner?: Address; pool?: Address },
): Promise<PoolFlowReturnType> {
  const account = resolveAccount(client, parameters.account);
  const me = accountAddress(account);
  const address = await poolAddress(client, parameters.pool);
  const written = await execute(client, {
    address,
    abi: lendingPoolAbi,
    functionName,
    args: [amount, parameters.receiver ?? me, parameters.owner ?? me],
    account,
  });
  const { assets, shares } = eventOf(lendingPoolAbi, "Withdraw", address, written).args;
  return { ...written, assets, shares };
}

/**
 * For withdrawing or redeeming `owner`'s shares by another account: the owner's share allowance to it
 * (shares needed for `assets`, or `shares`). Empty when the caller withdraws its own.
 */
export async function getWithdrawFromPoolRequirements(
  client: ReadClient,
  parameters: { account: Account | Address; owner?: Address; assets?: bigint; shares?: bigint; pool?: Address },
): Promise<Requirement[]> {
  const caller = accountAddress(parameters.account);
  const owner = parameters.owner ?? caller;
  if (owner.toLowerCase() === caller.toLowerCase()) return [];
  const pool = await poolAddress(client, parameters.pool);
  const shares =
    parameters.shares ??
    (await readContract(client, {
      address: pool,
      abi: lendingPoolAbi,
      functionName: "previewWithdraw",
      args: [parameters.assets ?? 0n],
    }));
  return missing([await erc20AllowanceRequirement(client, { token: pool, owner, spender: caller, amount: shares })]);
}
