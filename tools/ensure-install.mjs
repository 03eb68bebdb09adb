// `npm start` on a fresh clone: install dependencies when node_modules is missing or older than the
// lockfile. Plain JS so it runs before anything is installed.
import { execSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";

const marker = "node_modules/.package-lock.json";
const stale =
  !existsSync(marker) ||
  !existsSync("node_modules/@foundry-rs/forge-linux-amd64") ||
  (existsSync("package-lock.json") && statSync("package-lock.json").mtimeMs > statSync(marker).mtimeMs);
if (stale) {
  console.log("Installing dependencies (npm install)...");
  execSync("npm install --no-audit --no-fund", { stdio: "inherit" });
}
