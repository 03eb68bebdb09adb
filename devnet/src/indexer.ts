import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { createPublicClient, http } from "viem";
import { repoRoot } from "../../tools/lib/paths.ts";
import { stopChild } from "../../tools/lib/process.ts";

/** apps/indexer: Ponder's root (it reads ponder.config.ts, ponder.schema.ts and src/ from the cwd). */
export const indexerDir = path.join(repoRoot, "apps/indexer");

/** Ponder's CLI entry (package.json "bin"), hoisted to the workspace root's node_modules. */
export const ponderBin = path.join(repoRoot, "node_modules/ponder/dist/esm/bin/ponder.js");

export type StartIndexerOptions = {
  rpcUrl: string;
  /** HTTP port; Ponder moves to the next free one if it is taken, so read `Indexer.url`. */
  port: number;
  /** PGlite directory (ignored when `databaseUrl` is given). */
  dataDir: string;
  databaseUrl?: string;
  /** Database schema the tables live in. */
  schema?: string;
  onOutput?: (line: string) => void;
};

export type Indexer = {
  /** e.g. http://127.0.0.1:42069, the port Ponder actually bound. */
  url: string;
  /** Milliseconds from spawn to /ready answering 200, and to the start-time head being indexed. */
  timings: { readyMs: number; indexedMs: number };
  /** Recent log lines, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
  /** SIGKILL, no shutdown: what a crash or an OOM kill does. Resolves once the process is gone. */
  kill: () => Promise<void>;
};

/**
 * Runs `ponder start` as the devnet does and resolves once it has indexed the chain up to the block
 * that was the head when it started (see `waitUntilIndexed`).
 */
export async function startIndexer(options: StartIndexerOptions, timeoutMs = 90_000): Promise<Indexer> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PONDER_RPC_URL_31337: options.rpcUrl,
    INDEXER_DATA_DIR: options.dataDir,
    PONDER_TELEMETRY_DISABLED: "true",
  };
  // PORT would override --port; a stray DATABASE_URL would switch to Postgres.
  delete env.PORT;
  delete env.DATABASE_URL;
  delete env.DATABASE_PRIVATE_URL;
  if (options.databaseUrl) {
    env.DATABASE_URL = options.databaseUrl;
    // The offer book beside the indexer's tables, in a schema named after them: a fresh indexer schema
    // (a new devnet chain) gets a fresh book.
    env.OFFER_BOOK_SCHEMA ??= `${options.schema ?? "hypotheca"}_offer_book`;
  }

  const args = [ponderBin, "start", "--schema", options.schema ?? "hypotheca", "--port", String(options.port)];
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, args, { cwd: indexerDir, env, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  let boundPort: number | undefined;
  for (const stream of [child.stdout, child.stderr]) {
    stream.on("data", (chunk: Buffer) => {
      // Colours are on when a parent sets FORCE_COLOR (Playwright does): strip them before parsing.
      for (const line of stripVTControlCharacters(chunk.toString()).split("\n")) {
        if (!line.trim()) continue;
        lines.push(line);
        if (lines.length > 200) lines.shift();
        const created = /Created HTTP server port=(\d+)/.exec(line);
        if (created) boundPort = Number(created[1]);
        options.onOutput?.(line);
      }
    });
  }
  const output = () => lines.join("\n");
  const stop = () => stopChild(child);
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  };

  try {
    const head = await blockNumber(options.rpcUrl);
    const url = await waitFor(child, output, timeoutMs, () =>
      boundPort === undefined ? undefined : `http://127.0.0.1:${boundPort}`,
    );
    const { readyAt, indexedAt } = await waitUntilIndexed(child, output, url, head, timeoutMs);
    return { url, timings: { readyMs: readyAt - spawnedAt, indexedMs: indexedAt - spawnedAt }, output, stop, kill };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Ponder's /ready turns 200 when its backfill is done, but it only backfills blocks older than its
 * finality depth (30 blocks for chain 31337); a younger devnet is indexed live, after /ready. So also
 * wait for /status to reach `head`.
 */
export async function waitUntilIndexed(
  child: ChildProcess,
  output: () => string,
  url: string,
  head: number,
  timeoutMs: number,
): Promise<{ readyAt: number; indexedAt: number }> {
  await waitFor(child, output, timeoutMs, async () => (await fetch(`${url}/ready`)).status === 200);
  const readyAt = Date.now();
  await waitFor(child, output, timeoutMs, async () => {
    const status = (await (await fetch(`${url}/status`)).json()) as { devnet?: { block: { number: number } } };
    return (status.devnet?.block.number ?? -1) >= head;
  });
  return { readyAt, indexedAt: Date.now() };
}

async function waitFor<T>(
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
  check: () => T | undefined | false | Promise<T | undefined | false>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    if (child.exitCode !== null) throw new Error(`ponder exited with ${child.exitCode}:\n${output()}`);
    try {
      const result = await check();
      if (result) return result;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`ponder was not ready within ${timeoutMs} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function blockNumber(rpcUrl: string): Promise<number> {
  return Number(await createPublicClient({ transport: http(rpcUrl) }).getBlockNumber());
}
