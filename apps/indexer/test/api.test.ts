import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { priceFeedAbi, priceFeedRegistryAbi } from "@hypotheca/sdk";
import { parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devnetAccounts } from "../../../devnet/src/accounts.ts";
import { devnetClients } from "../../../devnet/src/chain.ts";
import { type DevnetChain, startDevnetChain } from "../../../devnet/src/devnetChain.ts";
import { type Indexer, startIndexer } from "../../../devnet/src/indexer.ts";
import { freePort } from "../../../tools/lib/ports.ts";
import { testDatabaseUrl } from "../../../tools/lib/postgres.ts";
import type { PriceHistoryResponse, PricesResponse } from "../src/api/prices.ts";

const DAY = 86_400;

let chain: DevnetChain | undefined;
let indexer: Indexer | undefined;
let dataDir: string | undefined;

beforeAll(async () => {
  chain = await startDevnetChain();
  dataDir = await mkdtemp(path.join(os.tmpdir(), "hypotheca-indexer-"));
  // PGlite by default; INDEXER_TEST_DATABASE_URL runs the same suite on PostgreSQL, in a database of its own.
  const databaseUrl = await testDatabaseUrl();
  indexer = await startIndexer({
    rpcUrl: chain.rpcUrl,
    port: await freePort(),
    dataDir,
    ...(databaseUrl ? { databaseUrl } : {}),
  });
  const { readyMs, indexedMs } = indexer.timings;
  console.info(`indexer: /ready after ${readyMs} ms, demo world indexed after ${indexedMs} ms`);
});

afterAll(async () => {
  await indexer?.stop();
  await chain?.anvil.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function world() {
  if (!chain || !indexer) throw new Error("beforeAll did not start the devnet and the indexer");
  return { chain, indexer };
}

async function get<T>(route: string, init?: RequestInit): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(`${world().indexer.url}${route}`, init);
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

type ErrorBody = { error: { code: string; message: string } };

describe("GET /v1/prices", () => {
  it("lists the 30 demo assets in registry order with exact prices and 24 h changes", async () => {
    const { chain } = world();
    const before = Math.floor(Date.now() / 1000);
    const { status, body } = await get<PricesResponse>("/v1/prices");
    expect(status).toBe(200);
    expect(body.asOf).toBeGreaterThanOrEqual(before);
    expect(body.prices.map((p) => p.symbol)).toEqual(chain.assets.map((a) => a.symbol));

    const [btc] = body.prices;
    expect(btc).toMatchObject({ symbol: "BTC", name: "Bitcoin", decimals: 8, roundId: "25", price: "104092.7082" });
    expect(btc?.updatedAt).toBe(chain.seededAt);
    expect(btc?.change24h?.toFixed(2)).toBe("-3.90");
    expect(body.prices.find((p) => p.symbol === "SHIB")).toMatchObject({ price: "0.00001163", decimals: 18 });

    for (const [i, asset] of chain.assets.entries()) {
      const price = body.prices[i];
      expect(price?.feed).toBe(asset.feed);
      expect(price?.name).toBe(asset.name);
      expect(parseUnits(price?.price ?? "", asset.decimals)).toBe(parseUnits(asset.price, asset.decimals));
      expect(price?.change24h?.toFixed(2), asset.symbol).toBe(Number(asset.change24h).toFixed(2));
    }
  });

  it("answers cross-origin requests", async () => {
    const { headers } = await get("/v1/prices", { headers: { origin: "http://127.0.0.1:5173" } });
    expect(headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("GET /v1/prices/:symbol/history", () => {
  it("returns the 24 h reference round then every round since, ascending (symbol case-insensitive)", async () => {
    const { chain } = world();
    const { status, body } = await get<PriceHistoryResponse>("/v1/prices/btc/history");
    expect(status).toBe(200);
    expect(body).toMatchObject({ symbol: "BTC", name: "Bitcoin", decimals: 8 });
    expect(body.points).toHaveLength(25);
    expect(body.points[0]).toEqual({ roundId: "1", price: expect.any(String), updatedAt: chain.seededAt - DAY });
    expect(body.points[24]).toEqual({ roundId: "25", price: "104092.7082", updatedAt: chain.seededAt });
    const times = body.points.map((p) => p.updatedAt);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("honours from, to and limit", async () => {
    const { chain } = world();
    const window = await get<PriceHistoryResponse>(
      `/v1/prices/BTC/history?from=${chain.seededAt - 3600}&to=${chain.seededAt - 1}`,
    );
    expect(window.body.points.map((p) => p.roundId)).toEqual(["24"]);

    const latest = await get<PriceHistoryResponse>("/v1/prices/BTC/history?limit=3");
    expect(latest.body.points.map((p) => p.roundId)).toEqual(["23", "24", "25"]);
  });

  it("answers 404 UNKNOWN_SYMBOL for a symbol that is not listed", async () => {
    const { status, body } = await get<ErrorBody>("/v1/prices/NOPE/history");
    expect(status).toBe(404);
    expect(body.error.code).toBe("UNKNOWN_SYMBOL");
    expect(body.error.message).toContain("NOPE");
  });

  it.each([["from=abc"], ["from=-1"], ["to=1.5"], ["from=200&to=100"], ["limit=0"], ["limit=1001"]])(
    "answers 400 BAD_QUERY for ?%s",
    async (query) => {
      const { status, body } = await get<ErrorBody>(`/v1/prices/BTC/history?${query}`);
      expect(status).toBe(400);
      expect(body.error.code).toBe("BAD_QUERY");
      expect(body.error.message).not.toBe("");
    },
  );
});

describe("the rest of the API", () => {
  it("answers 404 NOT_FOUND for an unknown /v1 route", async () => {
    const { status, body } = await get<ErrorBody>("/v1/nothing-here");
    expect(status).toBe(404);
    expect(body.error.code).toBe("NOT_FOUND");
  });

  it("keeps Ponder's GraphQL endpoint", async () => {
    const { status, body } = await get<{ data: { asset: { name: string; description: string } } }>("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: '{ asset(symbol: "ETH") { name description } }' }),
    });
    expect(status).toBe(200);
    expect(body.data.asset).toEqual({ name: "Ethereum", description: "ETH / USD" });
  });
});

describe("live indexing", () => {
  it("shows a new on-chain answer within seconds", async () => {
    const { chain } = world();
    const btc = chain.assets[0];
    if (!btc) throw new Error("the demo world has no BTC");
    const clients = devnetClients(chain.rpcUrl);
    const hash = await clients.walletClient(devnetAccounts.feeder).writeContract({
      address: btc.feed,
      abi: priceFeedAbi,
      functionName: "updateAnswer",
      args: [parseUnits("105000.5", btc.decimals)],
    });
    await clients.publicClient.waitForTransactionReceipt({ hash });

    const written = Date.now();
    const deadline = written + 15_000;
    let latest: PricesResponse["prices"][number] | undefined;
    while (Date.now() < deadline) {
      latest = (await get<PricesResponse>("/v1/prices")).body.prices[0];
      if (latest?.roundId === "26") break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    console.info(`indexer: new round visible after ${Date.now() - written} ms`);
    expect(latest).toMatchObject({ symbol: "BTC", roundId: "26", price: "105000.5" });
  });

  it("follows delisting, renaming and re-listing in the registry's order", async () => {
    const { chain } = world();
    const clients = devnetClients(chain.rpcUrl);
    const owner = clients.walletClient(devnetAccounts.deployer);
    const eth = chain.assets[1];
    const btcFeed = chain.assets[0]?.feed;
    if (!eth || !btcFeed) throw new Error("the demo world has no BTC or ETH");
    const registry = { address: chain.registry, abi: priceFeedRegistryAbi } as const;
    const steps = [
      ["delist ETH", () => owner.writeContract({ ...registry, functionName: "delistAsset", args: ["ETH"] })],
      [
        "rename BTC",
        () =>
          owner.writeContract({ ...registry, functionName: "listAsset", args: ["BTC", "Bitcoin (renamed)", btcFeed] }),
      ],
      [
        "re-list ETH",
        () => owner.writeContract({ ...registry, functionName: "listAsset", args: ["ETH", "Ethereum", eth.feed] }),
      ],
    ] as const;

    for (const [step, send] of steps) {
      const hash = await send();
      await clients.publicClient.waitForTransactionReceipt({ hash });
      const onChain = await clients.publicClient.readContract({ ...registry, functionName: "getAssets" });
      const expected = onChain.map(({ symbol, name }) => ({ symbol, name }));
      const deadline = Date.now() + 15_000;
      let listed: { symbol: string; name: string }[] = [];
      while (Date.now() < deadline) {
        listed = (await get<PricesResponse>("/v1/prices")).body.prices.map(({ symbol, name }) => ({ symbol, name }));
        if (JSON.stringify(listed) === JSON.stringify(expected)) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(listed, step).toEqual(expected);
    }
    // Delisting ETH moved the last asset (AAVE) into its place; re-listing appended ETH.
    const symbols = (await get<PricesResponse>("/v1/prices")).body.prices.map((p) => p.symbol);
    expect(symbols.slice(0, 3)).toEqual(["BTC", "AAVE", "USDT"]);
    expect(symbols.at(-1)).toBe("ETH");
  });
});
