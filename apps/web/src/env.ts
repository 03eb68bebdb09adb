import { type Address, getAddress, isAddress } from "viem";

/** Where the app finds its services; set by the devnet starter, defaults match `npm start`. */
export const env = {
  apiUrl: trimSlash(import.meta.env.VITE_API_URL || "http://127.0.0.1:42069"),
  rpcUrl: import.meta.env.VITE_RPC_URL || "http://127.0.0.1:8545",
  devAccount: parseDevAccount(import.meta.env.VITE_DEV_ACCOUNT),
};

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

function parseDevAccount(value: string | undefined): Address | undefined {
  if (!value) return undefined;
  if (!isAddress(value, { strict: false })) {
    console.warn(`VITE_DEV_ACCOUNT is not an address (${value}); the Dev account wallet is disabled.`);
    return undefined;
  }
  return getAddress(value);
}
