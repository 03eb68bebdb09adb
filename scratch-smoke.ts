import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startDevnetChain } from "./devnet/src/devnetChain.ts";
import { startIndexer } from "./devnet/src/indexer.ts";
import { freePort } from "./tools/lib/ports.ts";
const chain = await startDevnetChain();
const dataDir = await mkdtemp(path.join(os.tmpdir(), "smoke-"));
const indexer = await startIndexer({ rpcUrl: chain.rpcUrl, port: await freePort(), dataDir });
for (const r of ["/v1/loans", "/v1/loans/1", "/v1/pools", "/v1/auctions", "/v1/collections", `/v1/collections/${chain.collections[0]?.address}`, `/v1/collections/${chain.collections[0]?.address}/floor?from=0`, "/v1/nope"]) {
  const res = await fetch(indexer.url + r);
  console.log(r, res.status, JSON.stringify(await res.json()).slice(0, 1500));
}
await indexer.stop(); await chain.anvil.stop();
