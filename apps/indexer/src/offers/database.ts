import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
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
  const db = new PGlite(location.directory);
  await db.waitReady;
  return {
    kind: "pglite",
    table,
    query: async <Row>(text: string, params: unknown[] = []) => (await db.query<Row>(text, params)).rows,
    close: () => db.close(),
  };
}
