#!/usr/bin/env node
// Forge's compiler: the npm `solc` (there is no native solc on npm or Debian). Forge calls it with
// `--version` or `--standard-json` (input on stdin); other flags (--allow-paths, --base-path) are ignored.
const fs = require("node:fs");
const path = require("node:path");
const solc = require("solc");

if (process.argv.includes("--version")) {
  fs.writeSync(1, `solc, the solidity compiler commandline interface\nVersion: ${solc.version()}\n`);
  process.exit(0);
}
if (!process.argv.includes("--standard-json")) {
  fs.writeSync(2, "tools/solc.cjs supports only --version and --standard-json\n");
  process.exit(1);
}

const baseIndex = process.argv.indexOf("--base-path");
const basePath = baseIndex > 0 ? process.argv[baseIndex + 1] : process.cwd();
const input = fs.readFileSync(0, "utf8");
const findImports = (importPath) => {
  try {
    return { contents: fs.readFileSync(path.resolve(basePath, importPath), "utf8") };
  } catch (error) {
    return { error: String(error.message) };
  }
};
// Synchronous writes: an async write followed by exit truncates the output at 64 KiB.
const output = Buffer.from(solc.compile(input, { import: findImports }));
for (let offset = 0; offset < output.length; ) {
  try {
    offset += fs.writeSync(1, output, offset);
  } catch (error) {
    if (error.code !== "EAGAIN") throw error;
  }
}
