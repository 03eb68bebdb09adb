import { type Address, formatUnits } from "viem";

/** "0xf39F…2266". */
export function shortAddress(address: Address): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

const ethFormat = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 4 });

/** "10,000.00 ETH" from wei. */
export function formatEth(value: bigint, decimals: number, symbol: string): string {
  return `${ethFormat.format(Number(formatUnits(value, decimals)))} ${symbol}`;
}

const timeFormat = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium" });

/** "14:32:05" (local time) from unix seconds. */
export function formatTime(unixSeconds: number): string {
  return timeFormat.format(unixSeconds * 1000);
}

/** "21 Nov 2026, 14:32:05" (local time) from unix seconds. */
export function formatDateTime(unixSeconds: number): string {
  return dateTimeFormat.format(unixSeconds * 1000);
}
