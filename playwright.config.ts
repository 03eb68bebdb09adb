import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests in a real Chromium against the whole devnet (anvil, indexer/API, web app), which the
 * `devnet` fixture in e2e/fixtures.ts starts once per worker. Chromium is Debian's (/usr/bin/chromium,
 * see tools/ensure-chromium.ts): Playwright's own browser downloads are not reachable here.
 */
export default defineConfig({
  testDir: "e2e",
  // One devnet, one browser: tests share the chain, so they run one at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  use: {
    browserName: "chromium",
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
});
