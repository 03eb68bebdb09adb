#!/usr/bin/env node
// The CLI is TypeScript run through tsx, like every other tool in the repo: no build step to go stale.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/main.ts");
process.exitCode = await main(process.argv.slice(2));
