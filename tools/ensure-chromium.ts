/**
 * Makes sure the Chromium the end-to-end tests use (/usr/bin/chromium, Debian's package) is installed:
 * installs it with apt when running as root, otherwise explains how and exits 1. Playwright's own browser
 * downloads are not reachable from these machines, so `playwright install` is never the answer.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const CHROMIUM = "/usr/bin/chromium";

if (existsSync(CHROMIUM)) process.exit(0);

if (process.getuid?.() !== 0) {
  console.error(`The end-to-end tests need Chromium at ${CHROMIUM}, which is missing. Install it with:

  sudo apt-get update && sudo apt-get install -y chromium

(Debian's package; do not run \`playwright install\`, its downloads are not reachable here.)`);
  process.exit(1);
}

console.log(`${CHROMIUM} is missing: installing Debian's chromium package...`);
for (const args of [["update"], ["install", "-y", "chromium"]]) {
  const result = spawnSync("apt-get", args, {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (result.status !== 0) {
    console.error(`\`apt-get ${args.join(" ")}\` failed (${result.error?.message ?? `exit ${result.status}`}).`);
    process.exit(1);
  }
}
if (!existsSync(CHROMIUM)) {
  console.error(`apt-get installed chromium, but ${CHROMIUM} still does not exist.`);
  process.exit(1);
}
console.log(`Installed ${CHROMIUM}.`);
