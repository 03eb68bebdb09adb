import { deployments, floorOracleAbi, getLatestPrice, lendingPoolAbi } from "@hypotheca/sdk";
import { formatEther, parseEther } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devnetClients } from "../src/chain.ts";
import { type DevnetChain, startDevnetChain } from "../src/devnetChain.ts";

const { floorOracle, lendingPool } = deployments[31337];
let chain: DevnetChain;

beforeAll(async () => {
  chain = await startDevnetChain();
}, 120_000);
afterAll(async () => {
  await chain?.anvil.stop();
});

describe("demo world: pools", () => {
  it("prices each demo collection at the median of its five feeders", async () => {
    const { publicClient } = devnetClients(chain.rpcUrl);
    expect(chain.collections.map((c) => c.symbol)).toEqual(["DAPE", "DPUNK"]);
    for (const collection of chain.collections) {
      const [price] = await publicClient.readContract({
        address: floorOracle.address,
        abi: floorOracleAbi,
        functionName: "latestPrice",
        args: [collection.address],
      });
      // Feeders report floor x 1.000, 1.005, ...: the quorum's median is the second report.
      expect(formatEther(price)).toBe(formatEther((parseEther(collection.floor) * 1005n) / 1000n));
      const borrowPrice = await publicClient.readContract({
        address: floorOracle.address,
        abi: floorOracleAbi,
        functionName: "borrowPrice",
        args: [collection.address],
      });
      expect(borrowPrice).toBe(price);
    }
  });

  it("serves each floor as a Chainlink feed, in ETH and in USD, read with the SDK", async () => {
    const { publicClient } = devnetClients(chain.rpcUrl);
    const ethUsd = chain.assets.find((asset) => asset.symbol === "ETH");
    if (!ethUsd) throw new Error("no ETH / USD feed");
    const ethPrice = await getLatestPrice(publicClient, { feed: ethUsd.feed });
    for (const collection of chain.collections) {
      const median = (parseEther(collection.floor) * 1005n) / 1000n;
      const inEth = await getLatestPrice(publicClient, { feed: collection.floorFeed, maxAge: 7200 });
      expect(inEth.answer).toBe(median);
      expect(inEth.decimals).toBe(18);
      const inUsd = await getLatestPrice(publicClient, { feed: collection.floorUsdFeed });
      expect(inUsd.decimals).toBe(8);
      expect(inUsd.answer).toBe((median * ethPrice.answer) / 10n ** 18n);
    }
  });

  it("has a funded WETH pool with one live loan", async () => {
    const { publicClient } = devnetClients(chain.rpcUrl);
    const read = (functionName: "totalAssets" | "utilization") =>
      publicClient.readContract({ address: lendingPool.address, abi: lendingPoolAbi, functionName });
    expect(await read("totalAssets")).toBeGreaterThanOrEqual(parseEther("600"));
    expect(await read("utilization")).toBeGreaterThan(0n);
  });
});
