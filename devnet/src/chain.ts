import {
  type Account,
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  type Hash,
  http,
} from "viem";
import { foundry } from "viem/chains";

export const devnetChain = (rpcUrl: string) => defineChain({ ...foundry, rpcUrls: { default: { http: [rpcUrl] } } });

export function devnetClients(rpcUrl: string) {
  const chain = devnetChain(rpcUrl);
  const transport = http(rpcUrl);
  return {
    publicClient: createPublicClient({ chain, transport }),
    testClient: createTestClient({ chain, transport, mode: "anvil" }),
    walletClient: (account: Account) => createWalletClient({ chain, transport, account }),
  };
}

export type DevnetClients = ReturnType<typeof devnetClients>;

/**
 * Puts everything `send` submits into one block (at `timestamp` if given) and checks every receipt.
 * `send` receives a nonce allocator per account so transactions can be sent without waiting.
 */
export async function mineBatch(
  { publicClient, testClient }: DevnetClients,
  send: (nextNonce: (account: Account) => Promise<number>) => Promise<Hash[]>,
  timestamp?: number,
): Promise<void> {
  const nonces = new Map<string, number>();
  const nextNonce = async (account: Account) => {
    const current =
      nonces.get(account.address) ??
      (await publicClient.getTransactionCount({ address: account.address, blockTag: "pending" }));
    nonces.set(account.address, current + 1);
    return current;
  };
  await testClient.setAutomine(false);
  try {
    const hashes = await send(nextNonce);
    if (timestamp !== undefined) await testClient.setNextBlockTimestamp({ timestamp: BigInt(timestamp) });
    await testClient.mine({ blocks: 1 });
    for (const hash of hashes) {
      const receipt = await publicClient.getTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`devnet transaction ${hash} reverted`);
    }
  } finally {
    await testClient.setAutomine(true);
  }
}
