/**
 * `npm start`: the local chain, the demo world, the indexer/API and the web app, with their URLs.
 * Ports: ANVIL_PORT (8545), API_PORT (42069), WEB_PORT (5173). VERBOSE=1 prints every service's log.
 * Ctrl-C stops everything.
 */
import { startDevnet } from "./devnet.ts";

const port = (name: string, fallback: number) => {
  const value = process.env[name];
  if (value === undefined || value === "") return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 65535) {
    console.error(`${name}=${value} is not a valid port (1-65535).`);
    process.exit(1);
  }
  return parsed;
};

const verbose = process.env.VERBOSE === "1";
console.log("Starting the Hypotheca devnet: anvil, contracts, demo world, indexer, web app...");
const started = Date.now();
let devnet: Awaited<ReturnType<typeof startDevnet>>;
try {
  devnet = await startDevnet({
    anvilPort: port("ANVIL_PORT", 8545),
    apiPort: port("API_PORT", 42069),
    webPort: port("WEB_PORT", 5173),
    log: (source, line) => {
      if (verbose || /error/i.test(line)) console.log(`[${source}] ${line}`);
    },
  });
} catch (error) {
  console.error(`\nCould not start the devnet: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

console.log(`
Hypotheca devnet is up (${((Date.now() - started) / 1000).toFixed(1)} s):
  Web app      ${devnet.webUrl}
  API          ${devnet.apiUrl}/v1/prices   (GraphQL: ${devnet.apiUrl}/graphql)
  Chain RPC    ${devnet.rpcUrl}   (chain id 31337)
  Demo world   ${devnet.chain.assets.length} USD price feeds with 24 h of history
Press Ctrl-C to stop.`);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the web app, the indexer and anvil...`);
  await devnet.stop();
  console.log("Stopped.");
  process.exit(0);
};
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
