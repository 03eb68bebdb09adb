import { type ChildProcess, spawn } from "node:child_process";
import { stopChild } from "../../tools/lib/process.ts";

export type Service = { name: string; url: string; child: ChildProcess; stop: () => Promise<void> };

/**
 * Spawns a long-running service in its own process group, forwards its output line by line, and
 * resolves once `readyUrl` answers 200. Rejects (after stopping it) if it exits or times out first.
 */
export async function startService(options: {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  url: string;
  readyUrl: string;
  timeoutMs: number;
  log?: (source: string, line: string) => void;
}): Promise<Service> {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const recent: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) {
        if (!line.trim()) continue;
        recent.push(line);
        if (recent.length > 40) recent.shift();
        options.log?.(options.name, line);
      }
    });
  }
  const service = { name: options.name, url: options.url, child, stop: () => stopChild(child) };
  const deadline = Date.now() + options.timeoutMs;
  while (true) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${options.name} exited during start-up:\n${recent.join("\n")}`);
    }
    try {
      const response = await fetch(options.readyUrl);
      if (response.ok) return service;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await service.stop();
      throw new Error(
        `${options.name} was not ready at ${options.readyUrl} within ${options.timeoutMs / 1000} s:\n${recent.join("\n")}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
