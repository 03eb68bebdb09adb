import { spawnSync } from "node:child_process";
import { startPostgres } from "/work/indexer/tools/lib/postgres.ts";
const p = await startPostgres();
const r = spawnSync("npx", ["vitest", "run", ...process.argv.slice(2)], { stdio: "inherit", env: { ...process.env, INDEXER_TEST_DATABASE_URL: p.databaseUrl }, cwd: "/work/indexer" });
await p.stop(); process.exit(r.status ?? 1);
