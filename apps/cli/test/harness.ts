import { type HDAccount, toHex } from "viem";
import { main } from "../src/main.ts";
import { Output } from "../src/output.ts";

const keyOf = (account: HDAccount) => {
  const key = account.getHdKey().privateKey;
  if (!key) throw new Error("no private key");
  return toHex(key);
};

/** Runs `hypotheca <args>` in-process as `account` (its key in the environment), capturing what it prints. */
export async function runCli(env: { rpcUrl: string; apiUrl?: string }, args: string[], account?: HDAccount) {
  let stdout = "";
  let stderr = "";
  const output = new Output(
    args.includes("--json"),
    (text) => {
      stdout += text;
    },
    (text) => {
      stderr += text;
    },
  );
  const code = await main(
    args,
    {
      HYPOTHECA_RPC_URL: env.rpcUrl,
      ...(env.apiUrl ? { HYPOTHECA_API_URL: env.apiUrl } : {}),
      ...(account ? { HYPOTHECA_PRIVATE_KEY: keyOf(account) } : {}),
    },
    output,
  );
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}
