/**
 * `tsx tools/with-postgres.ts <command> [args…]`: runs a command with a throwaway PostgreSQL, its URL in
 * INDEXER_TEST_DATABASE_URL (the indexer and offer-book suites then run on PostgreSQL instead of PGlite).
 * Installs Debian's postgresql first when it is missing (as root; otherwise says how).
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { ensureAptPackage } from "./lib/apt.ts";
import { startPostgres } from "./lib/postgres.ts";

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: tsx tools/with-postgres.ts <command> [args…]");
  process.exit(2);
}

ensureAptPackage({
  installed: () =>
    existsSync("/usr/lib/postgresql") &&
    readdirSync("/usr/lib/postgresql").some((version) => existsSync(`/usr/lib/postgresql/${version}/bin/initdb`)),
  pkg: "postgresql",
  what: "PostgreSQL's server (initdb, pg_ctl)",
  why: "The indexer's PostgreSQL suites",
});

const postgres = await startPostgres();
const code = await new Promise<number>((resolve) => {
  const child = spawn(command, args, {
    stdio: "inherit",
    env: { ...process.env, INDEXER_TEST_DATABASE_URL: postgres.databaseUrl },
  });
  child.on("error", () => resolve(127));
  child.on("close", (status) => resolve(status ?? 1));
});
await postgres.stop();
process.exit(code);
