import { readFile } from "node:fs/promises";
import path from "node:path";
import { contractsDir, forgeBin } from "./paths.ts";
import { run } from "./process.ts";

export function forgeBuild() {
  return run(forgeBin, ["build"], { cwd: contractsDir });
}

export type DeployedContract = { name: string; address: `0x${string}`; blockNumber: number };

/** Runs script/Deploy.s.sol against `rpcUrl` and returns what its broadcast recorded. */
export async function deployProtocol(rpcUrl: string, privateKey: `0x${string}`): Promise<DeployedContract[]> {
  await run(
    forgeBin,
    ["script", "script/Deploy.s.sol", "--rpc-url", rpcUrl, "--broadcast", "--private-key", privateKey],
    {
      cwd: contractsDir,
    },
  );
  const chainId = await (async () => {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    return Number.parseInt(((await response.json()) as { result: string }).result, 16);
  })();
  return readBroadcast(path.join(contractsDir, "broadcast/Deploy.s.sol", String(chainId), "run-latest.json"));
}

type Broadcast = {
  transactions: {
    transactionType: string;
    contractName: string | null;
    contractAddress: string | null;
    hash: string;
  }[];
  receipts: { transactionHash: string; blockNumber: string; status: string }[];
};

export async function readBroadcast(file: string): Promise<DeployedContract[]> {
  const broadcast = JSON.parse(await readFile(file, "utf8")) as Broadcast;
  return broadcast.transactions.flatMap((transaction) => {
    if (!transaction.contractName || !transaction.contractAddress) return [];
    const receipt = broadcast.receipts.find((r) => r.transactionHash === transaction.hash);
    if (!receipt || receipt.status !== "0x1") throw new Error(`deployment of ${transaction.contractName} failed`);
    return [
      {
        name: transaction.contractName,
        address: transaction.contractAddress as `0x${string}`,
        blockNumber: Number.parseInt(receipt.blockNumber, 16),
      },
    ];
  });
}
