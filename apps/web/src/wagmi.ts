import { type Address, defineChain } from "viem";
import { anvil } from "viem/chains";
// From "wagmi", not the "wagmi/connectors" barrel, which also pulls in connectors with Node-only imports.
import { createConfig, createConnector, http, injected, mock } from "wagmi";
import { env } from "./env.ts";

/** The devnet: anvil (chain 31337) at VITE_RPC_URL. */
export const chain = defineChain({ ...anvil, rpcUrls: { default: { http: [env.rpcUrl] } } });

export const DEV_ACCOUNT_CONNECTOR_ID = "dev-account";

/**
 * The built-in devnet wallet: wagmi's mock connector answering with one anvil account. anvil accounts are
 * unlocked, so the node signs whatever this connector forwards (eth_sendTransaction, eth_sign).
 */
function devAccount(address: Address) {
  const connector = mock({ accounts: [address] });
  return createConnector((config) => ({ ...connector(config), id: DEV_ACCOUNT_CONNECTOR_ID, name: "Dev account" }));
}

const devAccountEnabled = chain.id === anvil.id && env.devAccount !== undefined;

export const wagmiConfig = createConfig({
  chains: [chain],
  // `injected()` is window.ethereum; EIP-6963 wallets (MetaMask, Rabby, ...) are discovered and added by wagmi.
  connectors: [injected(), ...(devAccountEnabled && env.devAccount ? [devAccount(env.devAccount)] : [])],
  transports: { [chain.id]: http(env.rpcUrl) },
  // anvil mines on demand: poll for blocks often so on-chain changes show within a second.
  pollingInterval: 1_000,
});

declare module "wagmi" {
  interface Register {
    config: typeof wagmiConfig;
  }
}
