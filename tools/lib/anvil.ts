import { spawn } from "node:child_process";
import { anvilBin } from "./paths.ts";
import { assertPortFree, freePort } from "./ports.ts";
import { stopChild } from "./process.ts";

/** anvil's first default account (mnemonic "test test ... junk"): the devnet deployer and owner. */
export const ANVIL_DEPLOYER_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80" as const;

export type Anvil = { rpcUrl: string; port: number; stop: () => Promise<void> };

export type StartAnvilOptions = {
  /** Defaults to a free port. */
  port?: number;
  /** Genesis block timestamp (seconds). */
  timestamp?: number;
  /** Where anvil's log goes; defaults to being discarded. */
  onOutput?: (line: string) => void;
};

/** Starts a native anvil on 127.0.0.1 and resolves once it answers JSON-RPC. */
export async function startAnvil(options: StartAnvilOptions = {}): Promise<Anvil> {
  const port = options.port ?? (await freePort());
  await assertPortFree(port, "anvil");
  const args = ["--host", "127.0.0.1", "--port", String(port), "--chain-id", "31337"];
  if (options.timestamp !== undefined) args.push("--timestamp", String(options.timestamp));
  const child = spawn(anvilBin, args, { stdio: ["ignore", "pipe", "pipe"] });
  let exited = false;
  child.on("exit", () => {
    exited = true;
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) if (line.trim()) options.onOutput?.(line);
    });
  }
  const rpcUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  while (true) {
    if (exited) throw new Error(`anvil exited during start-up (port ${port})`);
    try {
      const response = await fetch(rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`anvil did not answer on ${rpcUrl} within 15 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { rpcUrl, port, stop: () => stopChild(child) };
}
