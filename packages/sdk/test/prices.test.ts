import { type Address, defineChain, parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devnetAccounts } from "../../../devnet/src/accounts.ts";
import { devnetClients } from "../../../devnet/src/chain.ts";
import { type DevnetChain, startDevnetChain } from "../../../devnet/src/devnetChain.ts";
import {
  FeedNotFoundError,
  formatPercent,
  getAssets,
  getLatestPrice,
  getRoundPrice,
  getTicker,
  InvalidPriceError,
  priceFeedAbi,
  priceFeedBytecode,
  RoundNotFoundError,
  StalePriceError,
} from "../src/index.ts";

let chain: DevnetChain;
let clients: ReturnType<typeof devnetClients>;
const feedOf = (symbol: string) => chain.assets.find((a) => a.symbol === symbol)?.feed as Address;

beforeAll(async () => {
  chain = await startDevnetChain();
  clients = devnetClients(chain.rpcUrl);
});
afterAll(async () => {
  await chain?.anvil.stop();
});

async function deployEmptyFeed(): Promise<Address> {
  const wallet = clients.walletClient(devnetAccounts.deployer);
  const hash = await wallet.deployContract({
    abi: priceFeedAbi,
    bytecode: priceFeedBytecode,
    args: [devnetAccounts.deployer.address, 8, "EMPTY / USD"],
  });
  const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
  return receipt.contractAddress as Address;
}

describe("getAssets", () => {
  it("lists the registry's assets in order", async () => {
    const assets = await getAssets(clients.publicClient);
    expect(assets).toHaveLength(30);
    expect(assets[0]).toEqual({ symbol: "BTC", name: "Bitcoin", feed: feedOf("BTC") });
  });
});

describe("getTicker", () => {
  it("quotes every asset with its listed price and 24 h change", async () => {
    const ticker = await getTicker(clients.publicClient);
    expect(ticker.map((t) => t.symbol)).toEqual(chain.assets.map((a) => a.symbol));
    for (const [i, entry] of ticker.entries()) {
      const listed = chain.assets[i];
      expect(entry.error).toBeUndefined();
      expect(Number(entry.latest?.price)).toBe(Number(listed?.price));
      expect(entry.past?.updatedAt).toBe((listed ? chain.seededAt : 0) - 86_400);
      const expectedChange = Number(listed?.change24h);
      expect(formatPercent(entry.change24h ?? Number.NaN)).toBe(
        `${expectedChange > 0 ? "+" : ""}${listed?.change24h}%`,
      );
    }
    const btc = ticker[0];
    expect(btc?.latest?.price).toBe("104092.7082");
    expect(ticker.find((t) => t.symbol === "SHIB")?.latest?.price).toBe("0.00001163");
  });

  it("reads configured feeds deployless on a chain without our deployment (the live-chain path)", async () => {
    const foreignChain = defineChain({ ...clients.publicClient.chain, id: 1 });
    const { createPublicClient, http } = await import("viem");
    const client = createPublicClient({ chain: foreignChain, transport: http(chain.rpcUrl) });
    const emptyFeed = await deployEmptyFeed();
    const ticker = await getTicker(client, {
      assets: [
        { symbol: "BTC", name: "Bitcoin", feed: feedOf("BTC") },
        { symbol: "NONE", name: "No contract", feed: "0x000000000000000000000000000000000000dEaD" },
        { symbol: "EMPTY", name: "No round yet", feed: emptyFeed },
      ],
    });
    expect(ticker[0]?.latest?.price).toBe("104092.7082");
    expect(formatPercent(ticker[0]?.change24h ?? 0)).toBe("-3.90%");
    expect(ticker[1]?.error).toBeInstanceOf(FeedNotFoundError);
    expect(ticker[1]?.latest).toBeUndefined();
    expect(ticker[2]?.error).toBeInstanceOf(FeedNotFoundError);
  });

  it("flags stale prices once the chain moves past maxAge", async () => {
    const ticker = await getTicker(clients.publicClient, { at: chain.seededAt + 3601, maxAge: 3600 });
    expect(ticker[0]?.error).toBeInstanceOf(StalePriceError);
    expect(ticker[0]?.latest?.price).toBe("104092.7082");
  });
});

describe("getLatestPrice", () => {
  it("returns the latest round", async () => {
    const btc = await getLatestPrice(clients.publicClient, { feed: feedOf("BTC") });
    expect(btc).toMatchObject({ price: "104092.7082", decimals: 8, roundId: 25n, updatedAt: chain.seededAt });
  });

  it("throws FeedNotFoundError for an address without code and for a feed without rounds", async () => {
    await expect(
      getLatestPrice(clients.publicClient, { feed: "0x000000000000000000000000000000000000dEaD" }),
    ).rejects.toBeInstanceOf(FeedNotFoundError);
    await expect(getLatestPrice(clients.publicClient, { feed: await deployEmptyFeed() })).rejects.toBeInstanceOf(
      FeedNotFoundError,
    );
  });

  it("throws InvalidPriceError for a zero answer and StalePriceError past maxAge", async () => {
    const feed = await deployEmptyFeed();
    const owner = clients.walletClient(devnetAccounts.deployer);
    await clients.publicClient.waitForTransactionReceipt({
      hash: await owner.writeContract({
        address: feed,
        abi: priceFeedAbi,
        functionName: "setUpdater",
        args: [devnetAccounts.deployer.address, true],
      }),
    });
    await clients.publicClient.waitForTransactionReceipt({
      hash: await owner.writeContract({ address: feed, abi: priceFeedAbi, functionName: "updateAnswer", args: [0n] }),
    });
    await expect(getLatestPrice(clients.publicClient, { feed })).rejects.toBeInstanceOf(InvalidPriceError);

    await clients.publicClient.waitForTransactionReceipt({
      hash: await owner.writeContract({
        address: feed,
        abi: priceFeedAbi,
        functionName: "updateAnswer",
        args: [parseUnits("1", 8)],
      }),
    });
    await clients.testClient.increaseTime({ seconds: 7200 });
    await clients.testClient.mine({ blocks: 1 });
    await expect(getLatestPrice(clients.publicClient, { feed, maxAge: 3600 })).rejects.toBeInstanceOf(StalePriceError);
    await expect(getLatestPrice(clients.publicClient, { feed, maxAge: 86_400 })).resolves.toMatchObject({ price: "1" });
  });
});

describe("getRoundPrice", () => {
  it("returns a historical round and throws RoundNotFoundError past the latest", async () => {
    const first = await getRoundPrice(clients.publicClient, { feed: feedOf("BTC"), roundId: 1n });
    expect(first.updatedAt).toBe(chain.seededAt - 86_400);
    await expect(getRoundPrice(clients.publicClient, { feed: feedOf("BTC"), roundId: 999n })).rejects.toBeInstanceOf(
      RoundNotFoundError,
    );
  });
});
