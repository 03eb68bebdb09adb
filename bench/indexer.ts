/**
 * Indexer backfill throughput: a devnet with the demo world plus 100,000 LoanCore events (NoncesCancelled
 * from `indexerLoad.ts`), buried below Ponder's finality depth, then `ponder start` timed from spawn to
 * the head indexed — once on PGlite, once on a throwaway PostgreSQL (skipped with a note if PostgreSQL is
 * not installed).
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { deployments } from "@hypotheca/sdk";
import { devnetClients } from "../devnet/src/chain.ts";
import { startDevnetChain } from "../devnet/src/devnetChain.ts";
import { startIndexer } from "../devnet/src/indexer.ts";
import { freePort } from "../tools/lib/ports.ts";
import { PostgresNotInstalledError, startPostgres } from "../tools/lib/postgres.ts";
import { emitNonceCancellations } from "./indexerLoad.ts";

export const INDEXER_BENCH_EVENTS = 100_000;
const FINALITY_DEPTH = 30;

export type BackfillRun = { database: "pglite" | "postgres"; ms: number; eventsPerSecond: number };
export type IndexerBench = {
  /** Events of the indexed contracts on the chain (the load plus the demo world's). */
  events: number;
  loadEvents: number;
  blocks: number;
  runs: BackfillRun[];
  notes: string[];
};

export async function benchIndexer(loadEvents = INDEXER_BENCH_EVENTS): Promise<IndexerBench> {
  const chain = await startDevnetChain();
  const notes: string[] = [];
  try {
    const clients = devnetClients(chain.rpcUrl);
    // Only the contracts the indexer follows (not WETH's or the collections' own events).
    const { loanCore, lendingPool, floorOracle, priceFeedRegistry } = deployments[31337];
    const followed = [loanCore, lendingPool, floorOracle, priceFeedRegistry].map((c) => c.address);
    const address = [...followed, ...chain.assets.map((asset) => asset.feed)];
    // Counted before the load (one eth_getLogs of 100,000 logs would be ~60 MB); the load checks its own count.
    const worldEvents = (await clients.publicClient.getLogs({ address, fromBlock: 0n })).length;
    const events = worldEvents + (await emitNonceCancellations(clients, loadEvents));
    await clients.testClient.mine({ blocks: FINALITY_DEPTH });
    const blocks = Number(await clients.publicClient.getBlockNumber({ cacheTime: 0 }));

    const runs: BackfillRun[] = [];
    const backfill = async (database: BackfillRun["database"], databaseUrl?: string) => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), "hypotheca-bench-indexer-"));
      try {
        const indexer = await startIndexer(
          {
            rpcUrl: chain.rpcUrl,
            port: await freePort(),
            dataDir,
            ...(databaseUrl ? { databaseUrl, schema: `bench_${Date.now()}` } : {}),
          },
          600_000,
        );
        await indexer.stop();
        const ms = indexer.timings.indexedMs;
        runs.push({ database, ms, eventsPerSecond: Math.round((events / ms) * 1000) });
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    };

    await backfill("pglite");
    try {
      const postgres = await startPostgres();
      try {
        await backfill("postgres", postgres.databaseUrl);
      } finally {
        await postgres.stop();
      }
    } catch (error) {
      if (!(error instanceof PostgresNotInstalledError)) throw error;
      notes.push(error.message);
    }
    return { events, loadEvents, blocks, runs, notes };
  } finally {
    await chain.anvil.stop();
  }
}

// `npx tsx bench/indexer.ts [events]` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const count = process.argv[2] ? Number(process.argv[2]) : INDEXER_BENCH_EVENTS;
  console.log(JSON.stringify(await benchIndexer(count), null, 2));
}
