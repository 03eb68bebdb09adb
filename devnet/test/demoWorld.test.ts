import net from "node:net";
import { changePercent, formatPercent } from "@hypotheca/sdk";
import { parseUnits } from "viem";
import { describe, expect, it } from "vitest";
import { assertPortFree } from "../../tools/lib/ports.ts";
import { DEMO_ASSETS } from "../src/demo/assets.ts";
import { pastAnswer, pricePath } from "../src/demo/seedPriceFeeds.ts";

describe("demo assets", () => {
  it("are the 30 assets of the seed article, with unique symbols", () => {
    expect(DEMO_ASSETS).toHaveLength(30);
    expect(new Set(DEMO_ASSETS.map((a) => a.symbol)).size).toBe(30);
    expect(DEMO_ASSETS[0]).toMatchObject({ name: "Bitcoin", price: "104092.7082", change24h: "-3.90" });
  });

  it.each(DEMO_ASSETS.map((a) => [a.symbol, a] as const))(
    "%s: the price 24 h earlier reproduces the listed change",
    (_, asset) => {
      const change = changePercent(parseUnits(asset.price, asset.decimals), pastAnswer(asset));
      const listed = Number(asset.change24h);
      expect(formatPercent(change ?? Number.NaN)).toBe(`${listed > 0 ? "+" : ""}${asset.change24h}%`);
    },
  );

  it.each(DEMO_ASSETS.map((a) => [a.symbol, a] as const))("%s: hourly path is pinned at both ends", (_, asset) => {
    const path = pricePath(asset);
    expect(path).toHaveLength(25);
    expect(path[0]).toBe(pastAnswer(asset));
    expect(path[24]).toBe(parseUnits(asset.price, asset.decimals));
    for (const answer of path) expect(answer).toBeGreaterThan(0n);
    expect(pricePath(asset)).toEqual(path); // deterministic
  });
});

describe("ports", () => {
  it("reports a taken port clearly", async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    await expect(assertPortFree(port, "web app")).rejects.toThrow(`Port ${port} (web app) is already in use`);
    await new Promise((resolve) => server.close(resolve));
    await expect(assertPortFree(port, "web app")).resolves.toBeUndefined();
  });
});
