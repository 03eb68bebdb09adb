import { deployments } from "@hypotheca/sdk";
import { ANVIL_DEPLOYER_KEY, type Anvil, startAnvil } from "../../tools/lib/anvil.ts";
import { deployProtocol, forgeBuild } from "../../tools/lib/forge.ts";
import { devnetClients } from "./chain.ts";
import { type DemoCollection, seedPools } from "./demo/seedPools.ts";
import { type SeededAsset, seedPriceFeeds } from "./demo/seedPriceFeeds.ts";

/** Ponder treats blocks this deep as final on chain 31337. */
const FINALITY_DEPTH = 30;

export type DevnetChain = {
  anvil: Anvil;
  rpcUrl: string;
  registry: `0x${string}`;
  assets: SeededAsset[];
  /** Collections listed in the floor oracle and the WETH pool. */
  collections: DemoCollection[];
  /** Unix seconds of the demo world's "now": the latest price round. */
  seededAt: number;
};

/**
 * A local chain with the protocol deployed and the demo world seeded: anvil whose genesis lies 25 h in
 * the past, the deterministic deployment, then 24 h of price history ending at the wall-clock now, and
 * the pool side (collections with floors, a funded WETH pool, a live pool loan).
 */
export async function startDevnetChain(
  options: { port?: number; onOutput?: (line: string) => void } = {},
): Promise<DevnetChain> {
  await forgeBuild();
  const seededAt = Math.floor(Date.now() / 1000);
  const anvil = await startAnvil({ port: options.port, timestamp: seededAt - 25 * 3600, onOutput: options.onOutput });
  try {
    const deployed = await deployProtocol(anvil.rpcUrl, ANVIL_DEPLOYER_KEY);
    const expected = deployments[31337];
    const deployedAddresses = new Set(deployed.map((c) => c.address.toLowerCase()));
    const expectedAddresses = Object.values(expected).map((c) => c.address.toLowerCase());
    const stale =
      deployed.length !== expectedAddresses.length || expectedAddresses.some((a) => !deployedAddresses.has(a));
    if (stale) throw new Error("The SDK's generated addresses do not match this build: run `npm run generate`.");
    const clients = devnetClients(anvil.rpcUrl);
    const assets = await seedPriceFeeds(clients, expected.priceFeedRegistry.address, seededAt);
    const ethUsd = assets.find((asset) => asset.symbol === "ETH");
    if (!ethUsd) throw new Error("the demo world lists no ETH / USD feed");
    const collections = await seedPools(clients, ethUsd.feed);
    // Bury the demo world below Ponder's finality depth (30 blocks on chain 31337) so the indexer
    // backfills it in one pass instead of following it block by block.
    await clients.testClient.mine({ blocks: FINALITY_DEPTH });
    return {
      anvil,
      rpcUrl: anvil.rpcUrl,
      registry: expected.priceFeedRegistry.address,
      assets,
      collections,
      seededAt,
    };
  } catch (error) {
    await anvil.stop();
    throw error;
  }
}
