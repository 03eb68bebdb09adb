import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import pg from "pg";

/**
 * The offer book's own durable store: a tiny adapter over plain parameterized SQL, so one set of
 * statements runs on PGlite (a directory next to the indexer's, the default) and on PostgreSQL (when
 * DATABASE_URL is set, in its own schema). Ponder's tables are not used: its API connection is read-only
 * and its onchain tables are rewritten on reorgs, while a signed offer must never be lost.
 */
export type SqlDatabase = {
  kind: "pglite" | "postgres";
  /** Schema-qualified name of a table of the book, e.g. `"offer_book"."offers"`. */
  table: (name: string) => string;
  query: <Row>(text: string, params?: unknown[]) => Promise<Row[]>;
  close: () => Promise<void>;
};

export type OfferBookLocation =
  | { kind: "pglite"; directory: string; schema: string }
  | { kind: "postgres"; connectionString: string; schema: string };

/**
 * Where the book lives, from the indexer's environment: OFFER_BOOK_DIR, else a sibling of
 * INDEXER_DATA_DIR (`<dir>-offer-book`), else `.ponder/offer-book`; DATABASE_URL switches to PostgreSQL.
 * OFFER_BOOK_SCHEMA (default `offer_book`) names the schema.
 */
export function offerBookLocation(env: NodeJS.ProcessEnv = process.env): OfferBookLocation {
  const schema = env.OFFER_BOOK_SCHEMA ?? "offer_book";
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`OFFER_BOOK_SCHEMA must be a lower-case SQL identifier, got "${schema}".`);
  }
  if (env.DATABASE_URL) return { kind: "postgres", connectionString: env.DATABASE_URL, schema };
  const indexerDir = env.INDEXER_DATA_DIR;
  const directory =
    env.OFFER_BOOK_DIR ??
    (indexerDir
      ? path.join(path.dirname(path.resolve(indexerDir)), `${path.basename(path.resolve(indexerDir))}-offer-book`)
      : ".ponder/offer-book");
  return { kind: "pglite", directory, schema };
}

export async function openDatabase(location: OfferBookLocation): Promise<SqlDatabase> {
  const table = (name: string) => `"${location.schema}"."${name}"`;
  if (location.kind === "postgres") {
    const pool = new pg.Pool({ connectionString: location.connectionString, max: 4 });
    return {
      kind: "postgres",
      table,
      query: async <Row>(text: string, params: unknown[] = []) => (await pool.query(text, params)).rows as Row[],
      close: () => pool.end(),
    };
  }
  await mkdir(location.directory, { recursive: true });
  return openPgliteWorker(location.directory, table);
}

/**
 * PGlite runs Postgres in WebAssembly on the thread that calls it, and every statement costs ~2 ms of
 * CPU (protocol round trip, WAL write, commit): on Ponder's event loop that is a fifth of each
 * submission's cost and stalls every other request meanwhile. So the book's PGlite lives in a worker
 * thread of its own; statements and rows cross as structured-clone messages. Same database, same
 * statements, same commit before answering: only the thread changes.
 */
async function openPgliteWorker(directory: string, table: (name: string) => string): Promise<SqlDatabase> {
  const worker = new Worker(PGLITE_WORKER, {
    eval: true,
    workerData: { pglite: createRequire(import.meta.url).resolve("@electric-sql/pglite"), directory },
  });
  // The book must not keep the indexer process alive on its own.
  worker.unref();
  const waiting = new Map<number, { resolve: (rows: unknown[]) => void; reject: (error: unknown) => void }>();
  let nextId = 0;
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  const ready = new Promise<void>((resolve, reject) => {
    worker.on("message", (message: WorkerReply) => {
      if ("ready" in message) return resolve();
      if ("fatal" in message) {
        const error = new Error(`offer book database: ${message.fatal}`);
        fail(error);
        return reject(error);
      }
      const pending = waiting.get(message.id);
      if (!pending) return;
      waiting.delete(message.id);
      if ("error" in message) pending.reject(Object.assign(new Error(message.error.message), message.error));
      else pending.resolve(message.rows);
    });
    worker.on("error", (error) => {
      fail(error);
      reject(error);
    });
    worker.on("exit", (code) => {
      const error = new Error(`offer book database worker exited (${code})`);
      fail(error);
      reject(error);
    });
  });
  await ready;
  const send = <Row>(message: { text?: string; params?: unknown[]; close?: true }) =>
    new Promise<Row[]>((resolve, reject) => {
      if (failure) return reject(failure);
      const id = nextId++;
      waiting.set(id, { resolve: resolve as (rows: unknown[]) => void, reject });
      worker.postMessage({ id, ...message });
    });
  return {
    kind: "pglite",
    table,
    query: <Row>(text: string, params: unknown[] = []) => send<Row>({ text, params }),
    close: async () => {
      await send({ close: true });
      await worker.terminate();
    },
  };
}

type WorkerReply =
  | { ready: true }
  | { fatal: string }
  | { id: number; rows: unknown[] }
  | { id: number; error: { message: string; code?: string } };

/** The worker: opens PGlite in `directory` and runs one statement per message, in order. */
const PGLITE_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
(async () => {
  const { PGlite } = await import(workerData.pglite);
  const db = new PGlite(workerData.directory);
  await db.waitReady;
  parentPort.on("message", async ({ id, text, params, close }) => {
    try {
      if (close) {
        await db.close();
        parentPort.postMessage({ id, rows: [] });
        return;
      }
      const { rows } = await db.query(text, params);
      parentPort.postMessage({ id, rows });
    } catch (error) {
      parentPort.postMessage({ id, error: { message: String(error && error.message), code: error && error.code } });
    }
  });
  parentPort.postMessage({ ready: true });
})().catch((error) => parentPort.postMessage({ fatal: String((error && error.stack) || error) }));
`;
