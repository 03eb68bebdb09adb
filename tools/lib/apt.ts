import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/**
 * Makes sure a Debian package the tests need is installed, judged by a file it provides: installs it
 * with apt when running as root (CI), otherwise explains the command and exits 1. Only Debian's apt and
 * the npm registry are reachable from these machines.
 */
export function ensureAptPackage(options: { file: string; pkg: string; why: string; note?: string }): void {
  const { file, pkg, why } = options;
  if (existsSync(file)) return;
  if (process.getuid?.() !== 0) {
    console.error(`${why} needs ${file}, which is missing. Install it with:

  sudo apt-get update && sudo apt-get install -y ${pkg}
${options.note ? `\n${options.note}\n` : ""}`);
    process.exit(1);
  }
  console.log(`${file} is missing: installing Debian's ${pkg} package...`);
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
  if (!existsSync(file)) {
    console.error(`apt-get installed ${pkg}, but ${file} still does not exist.`);
    process.exit(1);
  }
  console.log(`Installed ${pkg}.`);
}
