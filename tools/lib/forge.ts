import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { contractsDir, forgeBin } from "./paths.ts";
import { run } from "./process.ts";

/** Builds the contracts and scripts (tests are built by `forge test`). */
export function forgeBuild() {
  return run(forgeBin, ["build", "--skip", "test"], { cwd: contractsDir });
}

export type DeployedContract = { name: string; address: `0x${string}`; blockNumber: number };

/** Runs script/Deploy.s.sol against `rpcUrl` and returns what its broadcast recorded. */
export async function deployProtocol(rpcUrl: string, privateKey: `0x${string}`): Promise<DeployedContract[]> {
  // A broadcast folder per run: parallel deployments (tests, generation) must not read each other's.
  // --slow sends one transaction at a time, so each lands in its own block: deterministic start blocks.
  const broadcastDir = await mkdtemp(path.join(tmpdir(), "hypotheca-broadcast-"));
  try {
    await run(
      forgeBin,
      ["script", "script/Deploy.s.sol", "--rpc-url", rpcUrl, "--broadcast", "--slow", "--private-key", privateKey],
      {
        cwd: contractsDir,
        env: { FOUNDRY_BROADCAST: broadcastDir },
      },
    );
    const [chainDir] = await readdir(path.join(broadcastDir, "Deploy.s.sol"));
    return await readBroadcast(path.join(broadcastDir, "Deploy.s.sol", String(chainDir), "run-latest.json"));
  } finally {
    await rm(broadcastDir, { recursive: true, force: true });
  }
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
    if (receipt?.status !== "0x1") throw new Error(`deployment of ${transaction.contractName} failed`);
    return [
      {
        name: transaction.contractName,
        address: transaction.contractAddress as `0x${string}`,
        blockNumber: Number.parseInt(receipt.blockNumber, 16),
      },
    ];
  });
}
