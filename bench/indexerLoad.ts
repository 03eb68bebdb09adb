/**
 * Cheap indexer load: a tiny contract that calls LoanCore.cancelNoncesBelow in a loop, so one transaction
 * makes thousands of real NoncesCancelled events (~5.5k gas each) the indexer stores row by row. Anyone
 * may cancel their own nonces, so no role or contract change is needed. Compiled at run time with the
 * repository's npm solc (bench-only code, not part of the protocol).
 */
import { deployments, loanCoreAbi } from "@hypotheca/sdk";
import solc from "solc";
import { type Abi, type Address, getContractAddress, type Hash, type Hex, parseAbi } from "viem";
import { devnetAccounts } from "../devnet/src/accounts.ts";
import type { DevnetClients } from "../devnet/src/chain.ts";

const SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;
interface ILoanCore { function cancelNoncesBelow(uint256 newMinNonce) external; }
contract NonceCanceller {
    function run(address core, uint256 from, uint256 count) external {
        for (uint256 i = 0; i < count; ++i) ILoanCore(core).cancelNoncesBelow(from + i);
    }
}`;

const cancellerAbi = parseAbi(["function run(address core, uint256 from, uint256 count)"]);
/** Per transaction, well under anvil's 30M block gas limit at ~5.5k gas per event. */
const EVENTS_PER_TX = 4000;
const GAS_PER_TX = 29_000_000n;

function compile(): Hex {
  const input = {
    language: "Solidity",
    sources: { "NonceCanceller.sol": { content: SOURCE } },
    settings: { optimizer: { enabled: true, runs: 200 }, outputSelection: { "*": { "*": ["evm.bytecode.object"] } } },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<string, Record<string, { evm: { bytecode: { object: string } } }>>;
  };
  const errors = output.errors?.filter((error) => error.severity === "error") ?? [];
  if (errors.length) throw new Error(errors.map((error) => error.formattedMessage).join("\n"));
  const object = output.contracts["NonceCanceller.sol"]?.NonceCanceller?.evm.bytecode.object;
  if (!object) throw new Error("solc returned no bytecode for NonceCanceller");
  return `0x${object}`;
}

/**
 * Emits `count` NoncesCancelled events from LoanCore (account = a fresh canceller contract), a block per
 * transaction, and returns the number of events it emitted (checked against the chain's logs).
 */
export async function emitNonceCancellations(clients: DevnetClients, count: number): Promise<number> {
  const { publicClient } = clients;
  const sender = devnetAccounts.user;
  const wallet = clients.walletClient(sender);
  const nonce = await publicClient.getTransactionCount({ address: sender.address });
  const deployHash = await wallet.deployContract({ abi: [] as Abi, bytecode: compile() });
  const deployed = await publicClient.waitForTransactionReceipt({ hash: deployHash });
  if (deployed.status !== "success") throw new Error("NonceCanceller deployment reverted");
  const canceller: Address = getContractAddress({ from: sender.address, nonce: BigInt(nonce) });

  const hashes: Hash[] = [];
  for (let from = 1; from <= count; from += EVENTS_PER_TX) {
    const batch = Math.min(EVENTS_PER_TX, count - from + 1);
    hashes.push(
      await wallet.writeContract({
        address: canceller,
        abi: cancellerAbi,
        functionName: "run",
        args: [deployments[31337].loanCore.address, BigInt(from), BigInt(batch)],
        gas: GAS_PER_TX,
      }),
    );
  }
  for (const hash of hashes) {
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`NonceCanceller.run ${hash} reverted (out of gas?)`);
  }
  const latest = await publicClient.readContract({
    address: deployments[31337].loanCore.address,
    abi: loanCoreAbi,
    functionName: "minNonce",
    args: [canceller],
  });
  if (latest !== BigInt(count)) throw new Error(`expected minNonce ${count} for the canceller, got ${latest}`);
  return count;
}
