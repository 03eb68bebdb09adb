import { rm } from "node:fs/promises";
import path from "node:path";
import { repoRoot } from "../../tools/lib/paths.ts";
import { assertPortFree, freePort } from "../../tools/lib/ports.ts";
import { devnetAccounts } from "./accounts.ts";
import { type DevnetChain, startDevnetChain } from "./devnetChain.ts";
import { startIndexer } from "./indexer.ts";
import { startService } from "./services.ts";

export type DevnetOptions = {
  /** 0 or omitted in tests: a free port. `npm start` passes 8545 / 42069 / 5173 unless overridden. */
  anvilPort?: number;
  apiPort?: number;
  webPort?: number;
  log?: (source: string, line: string) => void;
};

export type Devnet = { rpcUrl: string; apiUrl: string; webUrl: string; chain: DevnetChain; stop(): Promise<void> };

const nodeBin = process.execPath;
const viteBin = path.join(repoRoot, "node_modules/vite/bin/vite.js");

/** The whole product on one machine: anvil + deployment + demo world, the indexer/API, the web app. */
export async function startDevnet(options: DevnetOptions = {}): Promise<Devnet> {
  const pick = async (port: number | undefined, what: string) => {
    if (!port) return freePort();
    await assertPortFree(port, what);
    return port;
  };
  // Check every port before starting anything, so a taken port fails fast with a clear message.
  const anvilPort = await pick(options.anvilPort, "anvil JSON-RPC");
  const apiPort = await pick(options.apiPort, "indexer API");
  const webPort = await pick(options.webPort, "web app");

  const services: { name: string; stop: () => Promise<void> }[] = [];
  const chain = await startDevnetChain({ port: anvilPort, onOutput: (line) => options.log?.("anvil", line) });
  const stop = async () => {
    for (const service of services.reverse()) await service.stop();
    await chain.anvil.stop();
  };
  try {
    // The chain is new on every start, so the indexer's database and the offer book must be too (old
    // offers would still verify: same chain id, same LoanCore address).
    const dataDir = path.join(repoRoot, ".devnet", `indexer-${anvilPort}`);
    await rm(dataDir, { recursive: true, force: true });
    await rm(`${dataDir}-offer-book`, { recursive: true, force: true });
    const indexer = await startIndexer({
      rpcUrl: chain.rpcUrl,
      port: apiPort,
      dataDir,
      databaseUrl: process.env.DATABASE_URL,
      // A new chain every start: on PostgreSQL, a new schema too (PGlite gets a fresh directory above).
      schema: process.env.DATABASE_URL ? `devnet_${Date.now()}` : "devnet",
      onOutput: (line) => options.log?.("indexer", line),
    });
    services.push({ name: "indexer", stop: indexer.stop });
    const apiUrl = indexer.url;
    const webUrl = `http://127.0.0.1:${webPort}`;
    services.push(
      await startService({
        name: "web",
        command: nodeBin,
        args: [viteBin, "--port", String(webPort), "--strictPort", "--host", "127.0.0.1"],
        cwd: path.join(repoRoot, "apps/web"),
        env: { VITE_API_URL: apiUrl, VITE_RPC_URL: chain.rpcUrl, VITE_DEV_ACCOUNT: devnetAccounts.user.address },
        url: webUrl,
        readyUrl: webUrl,
        timeoutMs: 60_000,
        log: options.log,
      }),
    );
    return { rpcUrl: chain.rpcUrl, apiUrl, webUrl, chain, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
