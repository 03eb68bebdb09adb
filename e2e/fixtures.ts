import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { test as base, expect } from "@playwright/test";
import { type Devnet, startDevnet } from "../devnet/src/devnet.ts";

export { expect };

/**
 * `devnet`: the whole product on free ports (anvil + contracts + demo world, indexer/API, web app), started
 * once per worker; its services' output goes to test-results/devnet.log. `baseURL` points at its web app,
 * and `page` fails the test on any uncaught exception in the page.
 */
export const test = base.extend<Record<never, never>, { devnet: Devnet }>({
  devnet: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads fixture dependencies from this pattern.
    async ({}, use, workerInfo) => {
      mkdirSync(workerInfo.project.outputDir, { recursive: true });
      const logFile = path.join(workerInfo.project.outputDir, "devnet.log");
      const devnet = await startDevnet({
        log: (source, line) => appendFileSync(logFile, `[${source}] ${line.trimEnd()}\n`),
      });
      try {
        await use(devnet);
      } finally {
        await devnet.stop();
      }
    },
    { scope: "worker", timeout: 240_000 },
  ],
  baseURL: async ({ devnet }, use) => {
    await use(devnet.webUrl);
  },
  // Every test also fails on an uncaught exception in the page.
  page: async ({ page }, use) => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.stack ?? error.message));
    await use(page);
    expect(errors, "uncaught errors in the page").toEqual([]);
  },
});
