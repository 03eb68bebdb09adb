import {
  depositToPool,
  getDepositToPoolRequirements,
  getPoolState,
  lendingPoolAbi,
  poolBorrowRate,
  poolSupplyRate,
  poolUtilization,
  withdrawFromPool,
} from "@hypotheca/sdk";
import { maxUint256 } from "viem";
import { formatAmount, parseAddress, parseAmount, poolToken } from "../args.ts";
import type { Command } from "../command.ts";
import { CliError } from "../errors.ts";
import { table } from "../output.ts";
import { fulfil } from "../requirements.ts";

const bps = (value: bigint | number) => `${(Number(value) / 100).toFixed(2)}%`;

const info: Command = {
  words: ["pool", "info"],
  summary: "The pool's liquidity, utilization and rates, and a depositor's position",
  usage: "[--account <address>]",
  options: { account: { type: "string" } },
  async run(context, values) {
    const { pool, token } = await poolToken(context);
    const state = await getPoolState(context.publicClient, { pool });
    const holder =
      typeof values.account === "string"
        ? parseAddress(values.account, "--account")
        : context.hasSigner()
          ? (await context.wallet()).account.address
          : undefined;
    const position = holder
      ? await Promise.all([
          context.publicClient.readContract({
            address: pool,
            abi: lendingPoolAbi,
            functionName: "balanceOf",
            args: [holder],
          }),
          context.publicClient.readContract({
            address: pool,
            abi: lendingPoolAbi,
            functionName: "maxWithdraw",
            args: [holder],
          }),
        ]).then(async ([shares, withdrawable]) => ({
          account: holder,
          shares,
          assets: await context.publicClient.readContract({
            address: pool,
            abi: lendingPoolAbi,
            functionName: "convertToAssets",
            args: [shares],
          }),
          withdrawable,
        }))
      : undefined;
    const result = {
      pool,
      asset: token,
      blockNumber: state.blockNumber,
      totalAssets: state.totalAssets,
      totals: state.totals,
      utilizationBps: poolUtilization(state),
      borrowAprBps: poolBorrowRate(state),
      supplyAprBps: poolSupplyRate(state),
      position,
    };
    context.out.result(result, () => {
      const rows = [
        ["pool", pool],
        ["total assets", formatAmount(state.totalAssets, token)],
        ["available cash", formatAmount(state.totals.cash, token)],
        ["lent", formatAmount(state.totals.lent, token)],
        ["bad debt written off", formatAmount(state.totals.badDebt, token)],
        ["utilization", bps(result.utilizationBps)],
        ["borrow APR (next loan)", bps(result.borrowAprBps)],
        ["supply APR", bps(result.supplyAprBps)],
      ];
      if (position) {
        rows.push(
          ["your position", formatAmount(position.assets, token)],
          ["withdrawable now", formatAmount(position.withdrawable, token)],
        );
      }
      return table(["", ""], rows);
    });
  },
};

const deposit: Command = {
  words: ["pool", "deposit"],
  summary: "Deposit into the lending pool for shares (approves the asset first if needed)",
  usage: "<amount>",
  options: {},
  async run(context, _values, [amount]) {
    if (!amount) throw new CliError("Say how much to deposit, e.g. `hypotheca pool deposit 10`.");
    const { pool, token } = await poolToken(context);
    const assets = parseAmount(amount, token, "The amount");
    const wallet = await context.wallet();
    await fulfil(
      context,
      await getDepositToPoolRequirements(context.publicClient, { account: wallet.account, assets, pool }),
    );
    const done = await context.out.transaction(`Depositing ${formatAmount(assets, token)}`, () =>
      depositToPool(wallet, { assets, pool }),
    );
    context.out.result(
      { hash: done.hash, assets: done.assets, shares: done.shares },
      () => `Deposited ${formatAmount(done.assets, token)} for ${done.shares} shares.`,
    );
  },
};

const withdraw: Command = {
  words: ["pool", "withdraw"],
  summary: "Withdraw from the lending pool (`max` = all that is withdrawable now)",
  usage: "<amount|max>",
  options: {},
  async run(context, _values, [amount]) {
    if (!amount) throw new CliError("Say how much to withdraw, e.g. `hypotheca pool withdraw 5` or `max`.");
    const { pool, token } = await poolToken(context);
    const wallet = await context.wallet();
    const withdrawable = await context.publicClient.readContract({
      address: pool,
      abi: lendingPoolAbi,
      functionName: "maxWithdraw",
      args: [wallet.account.address],
    });
    const assets = amount === "max" ? withdrawable : parseAmount(amount, token, "The amount");
    if (assets === 0n || assets === maxUint256) throw new CliError("Nothing to withdraw now.");
    if (assets > withdrawable) {
      throw new CliError(
        `Only ${formatAmount(withdrawable, token)} is withdrawable now (your balance or the pool's idle cash, whichever is lower).`,
      );
    }
    const done = await context.out.transaction(`Withdrawing ${formatAmount(assets, token)}`, () =>
      withdrawFromPool(wallet, { assets, pool }),
    );
    context.out.result(
      { hash: done.hash, assets: done.assets, shares: done.shares },
      () => `Withdrew ${formatAmount(done.assets, token)} (burnt ${done.shares} shares).`,
    );
  },
};

export const poolCommands = [info, deposit, withdraw];
