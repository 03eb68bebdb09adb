import { defineConfig } from "vitest/config";

// TypeScript tests run against real processes (anvil, ponder): generous timeouts, one file at a time
// per worker, each file starting its own chain on free ports.
export default defineConfig({
  test: {
    include: ["**/test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "contracts/**", "e2e/**"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
