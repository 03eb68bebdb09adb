import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Configured through the environment (see src/env.ts): VITE_API_URL, VITE_RPC_URL, VITE_DEV_ACCOUNT.
// The SDK (@hypotheca/sdk) is TypeScript source with `.ts` import specifiers; Vite compiles it like app code.
export default defineConfig({
  plugins: [react()],
  server: { host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
  build: {
    sourcemap: true,
    rolldownOptions: {
      onLog(level, log, handler) {
        // viem/chains re-exports the Tempo chains, whose ox helpers import node:worker_threads. Nothing of it
        // reaches the bundle (tree-shaken), but the resolver warns while scanning the barrel.
        if (log.message.includes("node:worker_threads") && log.message.includes("/ox/_esm/tempo/")) return;
        handler(level, log);
      },
    },
  },
});
