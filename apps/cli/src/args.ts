import { lendingPoolAbi } from "@hypotheca/sdk";
import { type Address, erc20Abi, formatUnits, getAddress, isAddress, parseUnits } from "viem";
import type { Values } from "./command.ts";
import type { Context } from "./context.ts";
import { CliError } from "./errors.ts";

export function optionalString(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

export function requiredString(values: Values, name: string): string {
  const value = optionalString(values, name);
  if (value === undefined) throw new CliError(`--${name} is required.`);
  return value;
}

export function parseAddress(text: string, what: string): Address {
  if (!isAddress(text, { strict: false }))
    throw new CliError(`${what} must be an address (0x + 40 hex digits), got "${text}".`);
  return getAddress(text);
}

/** A non-negative integer (token id, loan id, nonce). */
export function parseInteger(text: string, what: string): bigint {
  if (!/^\d+$/.test(text)) throw new CliError(`${what} must be a non-negative integer, got "${text}".`);
  return BigInt(text);
}

/** "5%" or "5" -> 500 bps; "0.25%" -> 25. */
export function parsePercentBps(text: string, what: string): number {
  const match = /^(\d+(?:\.\d{1,2})?)%?$/.exec(text);
  if (!match?.[1]) throw new CliError(`${what} must be a percentage like 12.5%, got "${text}".`);
  return Math.round(Number(match[1]) * 100);
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** "30d", "12h", "90m", "45s" or plain seconds. */
export function parseDuration(text: string, what: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(text);
  if (!match?.[1]) throw new CliError(`${what} must be a duration like 30d, 12h, 90m or seconds, got "${text}".`);
  return Number(match[1]) * (UNITS[match[2] || "s"] ?? 1);
}

export type Token = { address: Address; symbol: string; decimals: number };

/** A currency by symbol known to this chain's deployment ("WETH") or by address. */
export async function resolveToken(context: Context, text: string): Promise<Token> {
  const address = text.toUpperCase() === "WETH" ? context.deployment.weth.address : parseAddress(text, "The currency");
  const [symbol, decimals] = await Promise.all([
    context.publicClient.readContract({ address, abi: erc20Abi, functionName: "symbol" }),
    context.publicClient.readContract({ address, abi: erc20Abi, functionName: "decimals" }),
  ]).catch((cause) => {
    throw new CliError(`${address} is not an ERC-20 on this chain.`, { cause });
  });
  return { address, symbol, decimals };
}

/** "1.5" of a token -> base units; "max" is not accepted here (commands that allow it check first). */
export function parseAmount(text: string, token: Token, what: string): bigint {
  if (!/^\d+(\.\d+)?$/.test(text)) throw new CliError(`${what} must be a decimal amount like 1.5, got "${text}".`);
  const [, fraction = ""] = text.split(".");
  if (fraction.length > token.decimals) throw new CliError(`${what} has more than ${token.decimals} decimals.`);
  return parseUnits(text, token.decimals);
}

export function formatAmount(amount: bigint, token: Pick<Token, "decimals" | "symbol">): string {
  return `${formatUnits(amount, token.decimals)} ${token.symbol}`;
}

/** The lending pool of this chain's deployment and its asset. */
export async function poolToken(context: Context): Promise<{ pool: Address; token: Token }> {
  const pool = context.deployment.lendingPool.address;
  const asset = await context.publicClient.readContract({ address: pool, abi: lendingPoolAbi, functionName: "asset" });
  return { pool, token: await resolveToken(context, asset) };
}
