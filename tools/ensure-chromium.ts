/**
 * Makes sure the Chromium the end-to-end tests use (/usr/bin/chromium, Debian's package) is installed.
 * Playwright's own browser downloads are not reachable from these machines, so `playwright install` is
 * never the answer.
 */
import { ensureAptPackage } from "./lib/apt.ts";

ensureAptPackage({
  file: "/usr/bin/chromium",
  pkg: "chromium",
  why: "The end-to-end tests",
  note: "(Debian's package; do not run `playwright install`, its downloads are not reachable here.)",
});
