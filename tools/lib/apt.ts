import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/**
 * Makes sure a Debian package the tests need is installed (judged by a file it provides): installs it
 * with apt when running as root (CI), otherwise explains the command and exits 1. Only Debian's apt and
 * the npm registry are reachable from these machines.
 */
export function ensureAptPackage(options: {
  /** Whether it is there; by default, whether `file` exists. */
  installed?: () => boolean;
  file?: string;
  pkg: string;
  /** What is missing, for the messages (default: `file`). */
  what?: string;
  why: string;
  note?: string;
}): void {
  const { pkg, why } = options;
  const what = options.what ?? options.file ?? pkg;
  const installed = options.installed ?? (() => options.file !== undefined && existsSync(options.file));
  if (installed()) return;
  if (process.getuid?.() !== 0) {
    console.error(`${why} need ${what}, which is missing. Install it with:

  sudo apt-get update && sudo apt-get install -y ${pkg}
${options.note ? `\n${options.note}\n` : ""}`);
    process.exit(1);
  }
  console.log(`${what} is missing: installing Debian's ${pkg} package...`);
  for (const args of [["update"], ["install", "-y", pkg]]) {
    const result = spawnSync("apt-get", args, {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    if (result.status !== 0) {
      console.error(`\`apt-get ${args.join(" ")}\` failed (${result.error?.message ?? `exit ${result.status}`}).`);
      process.exit(1);
    }
  }
  if (!installed()) {
    console.error(`apt-get installed ${pkg}, but ${what} is still missing.`);
    process.exit(1);
  }
  console.log(`Installed ${pkg}.`);
}
