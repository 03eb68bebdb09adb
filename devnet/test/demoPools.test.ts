import { deployments, floorOracleAbi, lendingPoolAbi } from "@hypotheca/sdk";
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

  it("has a funded WETH pool with one live loan", async () => {
    const { publicClient } = devnetClients(chain.rpcUrl);
    const read = (functionName: "totalAssets" | "utilization") =>
      publicClient.readContract({ address: lendingPool.address, abi: lendingPoolAbi, functionName });
    expect(await read("totalAssets")).toBeGreaterThanOrEqual(parseEther("600"));
    expect(await read("utilization")).toBeGreaterThan(0n);
  });
});
