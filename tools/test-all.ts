/**
 * `npm test`: every check and test, in order of speed — lint and format, generated-code freshness,
 * forge (unit, fuzz, invariant, gas snapshots), vitest against real anvil/ponder, Playwright in
 * Chromium — then one summary line "N passed, N failed". Exits 1 if anything failed.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { repoRoot } from "./lib/paths.ts";

type Counts = { passed: number; failed: number };
type Step = {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  count?: (output: string) => Promise<Counts | undefined> | Counts | undefined;
};

const reports = await mkdtemp(path.join(tmpdir(), "hypotheca-test-"));
const vitestReport = path.join(reports, "vitest.json");
const postgresReport = path.join(reports, "vitest-postgres.json");
const playwrightReport = path.join(reports, "playwright.json");
const bin = (name: string) => path.join(repoRoot, "node_modules/.bin", name);
const contracts = path.join(repoRoot, "contracts");
const forge = path.join(repoRoot, "tools/forge");

const steps: Step[] = [
  { name: "forge fmt --check", command: forge, args: ["fmt", "--check"], cwd: contracts },
  // forge lint writes ABI-only artifacts into the build output and marks the cache clean, so the next
  // forge test would skip compiling: give it its own output and cache.
  {
    name: "forge lint",
    command: forge,
    args: ["lint"],
    cwd: contracts,
    env: { FOUNDRY_OUT: "cache/lint-out", FOUNDRY_CACHE_PATH: "cache/lint-cache" },
  },
  {
    name: "solhint",
    command: bin("solhint"),
    args: ["--disc", "--noPoster", "src/**/*.sol", "test/**/*.sol", "script/**/*.sol"],
    cwd: contracts,
  },
  { name: "biome (format + lint)", command: bin("biome"), args: ["check", "."] },
  { name: "tsc (strict typecheck)", command: bin("tsc"), args: ["--noEmit", "-p", "."] },
  { name: "generated SDK is fresh", command: bin("tsx"), args: ["tools/generate-sdk.ts", "--check"] },
  {
    name: "forge test (unit, fuzz, invariant)",
    command: forge,
    args: ["test"],
    cwd: contracts,
    // FORGE_SNAPSHOT_CHECK: gas snapshots written by vm.snapshotGas* (snapshots/*.json) must match.
    env: { FOUNDRY_PROFILE: "ci", FORGE_SNAPSHOT_CHECK: "true" },
    count: (output) => {
      const match = /(\d+) tests passed, (\d+) failed/.exec(
        output
          .split("\n")
          .reverse()
          .find((l) => l.includes("tests passed")) ?? "",
      );
      return match ? { passed: Number(match[1]), failed: Number(match[2]) } : undefined;
    },
  },
  {
    name: "forge gas snapshot --check",
    command: forge,
    args: ["snapshot", "--check", "--no-match-test", "testFuzz|invariant"],
    cwd: contracts,
  },
  {
    name: "vitest (SDK, CLI, indexer, offer book, devnet against anvil; PGlite)",
    command: bin("vitest"),
    args: ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestReport}`],
    count: () => countVitest(vitestReport),
  },
  {
    // The indexer and offer-book suites again on a real PostgreSQL (DATABASE_URL deployments).
    name: "vitest on PostgreSQL (indexer, offer book)",
    command: bin("tsx"),
    args: [
      "tools/with-postgres.ts",
      bin("vitest"),
      "run",
      "apps/indexer",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${postgresReport}`,
    ],
    count: () => countVitest(postgresReport),
  },
  {
    name: "playwright (web app in Chromium)",
    command: "sh",
    args: ["-c", `${bin("tsx")} tools/ensure-chromium.ts && ${bin("playwright")} test --reporter=list,json`],
    env: { PLAYWRIGHT_JSON_OUTPUT_FILE: playwrightReport },
    count: async () => {
      const report = JSON.parse(await readFile(playwrightReport, "utf8").catch(() => "{}"));
      return report.stats
        ? { passed: report.stats.expected + (report.stats.flaky ?? 0), failed: report.stats.unexpected }
        : undefined;
    },
  },
];

async function countVitest(report: string): Promise<Counts | undefined> {
  const json = JSON.parse(await readFile(report, "utf8").catch(() => "{}"));
  return json.numTotalTests === undefined
    ? undefined
    : { passed: json.numPassedTests, failed: json.numTotalTests - json.numPassedTests - (json.numPendingTests ?? 0) };
}

function runStep(step: Step): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(step.command, step.args, {
      cwd: step.cwd ?? repoRoot,
      env: { ...process.env, ...step.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const forward = (target: NodeJS.WriteStream) => (chunk: Buffer) => {
      output += chunk;
      target.write(chunk);
    };
    child.stdout.on("data", forward(process.stdout));
    child.stderr.on("data", forward(process.stderr));
    child.on("error", (error) => resolve({ code: 127, output: String(error) }));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

const total: Counts = { passed: 0, failed: 0 };
const summary: string[] = [];
for (const step of steps) {
  console.log(`\n=== ${step.name} ===`);
  const started = Date.now();
  const { code, output } = await runStep(step);
  const counted = (await step.count?.(output)) ?? { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 };
  // A non-zero exit with no failing test counted (crash, setup error) is still a failure.
  if (code !== 0 && counted.failed === 0) counted.failed = 1;
  total.passed += counted.passed;
  total.failed += counted.failed;
  summary.push(
    `${code === 0 ? "ok  " : "FAIL"} ${step.name}: ${counted.passed} passed, ${counted.failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
}
console.log(`\n${summary.join("\n")}\n\n${total.passed} passed, ${total.failed} failed`);
process.exit(total.failed > 0 ? 1 : 0);
