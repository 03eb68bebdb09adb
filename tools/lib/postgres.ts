/**
 * A throwaway PostgreSQL for tests and benchmarks, from Debian's binaries (`apt-get install postgresql`):
 * initdb into a temporary directory, pg_ctl start on a free loopback port, and stop + remove on `stop()`.
 * PostgreSQL refuses to run as root, so as root every command runs as the `postgres` user (`runuser`),
 * with the data directory owned by it.
 */
import { chown, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { freePort } from "./ports.ts";
import { run } from "./process.ts";

const POSTGRES_ROOT = "/usr/lib/postgresql";

export type Postgres = {
  /** postgresql://postgres@127.0.0.1:<port>/postgres (trust authentication, loopback only). */
  databaseUrl: string;
  port: number;
  stop: () => Promise<void>;
};

export class PostgresNotInstalledError extends Error {
  override name = "PostgresNotInstalledError";
  constructor() {
    super(
      `No PostgreSQL server binaries under ${POSTGRES_ROOT}/<version>/bin. Install them with ` +
        "`apt-get update && apt-get install -y postgresql`, or point DATABASE_URL at a server you run.",
    );
  }
}

/** The newest installed version's bin directory. */
async function binDirectory(): Promise<string> {
  const versions = await readdir(POSTGRES_ROOT).catch(() => [] as string[]);
  const newest = versions
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a))
    .at(0);
  if (!newest) throw new PostgresNotInstalledError();
  return path.join(POSTGRES_ROOT, newest, "bin");
}

export async function startPostgres(): Promise<Postgres> {
  const bin = await binDirectory();
  const asRoot = process.getuid?.() === 0;
  const userIds = asRoot ? await postgresUserIds() : undefined;
  const directory = await mkdtemp(path.join(os.tmpdir(), "hypotheca-postgres-"));
  const dataDir = path.join(directory, "data");
  if (userIds) await chown(directory, userIds.uid, userIds.gid);
  const exec = (tool: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args]) : run(path.join(bin, tool), args);

  const port = await freePort();
  let started = false;
  const stop = async () => {
    if (started) await exec("pg_ctl", ["stop", "-D", dataDir, "-m", "fast", "-w"]).catch(() => undefined);
    started = false;
    await rm(directory, { recursive: true, force: true });
  };
  try {
    await exec("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
    // Loopback only, socket in the temp dir (the system's /var/run/postgresql may not exist), no fsync: a
    // throwaway database for tests, never for data that matters.
    const options = `-h 127.0.0.1 -p ${port} -k ${directory} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    await exec("pg_ctl", ["start", "-D", dataDir, "-l", path.join(directory, "log"), "-w", "-o", options]);
    started = true;
  } catch (error) {
    await stop();
    throw error;
  }
  return { databaseUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`, port, stop };
}

async function postgresUserIds(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]).catch(() => {
    throw new PostgresNotInstalledError();
  });
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

/**
 * A fresh, empty database on the server of INDEXER_TEST_DATABASE_URL (undefined when it is not set: the
 * suites then use PGlite). One per indexed chain: Ponder keeps its sync data (blocks, logs per chain id)
 * in the database's shared `ponder_sync` schema, so two devnets (both chain 31337) must never share one.
 */
export async function testDatabaseUrl(): Promise<string | undefined> {
  const serverUrl = process.env.INDEXER_TEST_DATABASE_URL;
  if (!serverUrl) return undefined;
  const { default: pg } = await import("pg");
  const name = `hypotheca_test_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
