import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../../tools/lib/paths.ts";
import { decryptKeystore, keystoreAccount } from "../src/keystore.ts";

const run = promisify(execFile);
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** A keystore written by Foundry's `cast wallet new`: an independent implementation of the format. */
async function castKeystore(password: string): Promise<{ json: string; address: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "hypotheca-keystore-"));
  dirs.push(dir);
  const { stdout } = await run(path.join(repoRoot, "tools/cast"), [
    "wallet",
    "new",
    dir,
    "--unsafe-password",
    password,
  ]);
  const address = /Address:\s+(0x[0-9a-fA-F]{40})/.exec(stdout)?.[1];
  const [file] = await readdir(dir);
  if (!address || !file) throw new Error(`unexpected cast output:\n${stdout}`);
  return { json: await readFile(path.join(dir, file), "utf8"), address };
}

describe("decryptKeystore", () => {
  it("opens a keystore made by cast with its password", async () => {
    const { json, address } = await castKeystore("correct horse");
    expect(keystoreAccount(json, "correct horse").address).toBe(address);
  });

  it("says the password is wrong instead of returning a wrong key", async () => {
    const { json } = await castKeystore("correct horse");
    expect(() => decryptKeystore(json, "battery staple")).toThrow(/Wrong keystore password/);
  });

  it("rejects what is not a v3 keystore", () => {
    expect(() => decryptKeystore("{", "x")).toThrow(/not valid JSON/);
    expect(() => decryptKeystore(JSON.stringify({ version: 1, crypto: {} }), "x")).toThrow(/version 3/);
  });
});
