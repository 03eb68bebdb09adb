import { type Account, createPublicClient, createTestClient, createWalletClient, http, parseEther } from "viem";
import { expect } from "vitest";
import { devnetChain } from "../../../devnet/src/chain.ts";
import { ContractRevertedError, deployments, wethAbi } from "../src/index.ts";

/** Clients of the SDK's action suites: polling every 50 ms so receipts come back as soon as anvil mines. */
export function actionClients(rpcUrl: string) {
  const transport = http(rpcUrl);
  const chain = devnetChain(rpcUrl);
  return {
    publicClient: createPublicClient({ chain, transport, pollingInterval: 50 }),
    testClient: createTestClient({ chain, transport, mode: "anvil" }),
    wallet: (account: Account) => createWalletClient({ chain, transport, account, pollingInterval: 50 }),
  };
}

type Clients = ReturnType<typeof actionClients>;

/** Moves the chain's clock forward and mines a block at the new time. */
export async function travel({ testClient }: Pick<Clients, "testClient">, seconds: number): Promise<void> {
  await testClient.increaseTime({ seconds });
  await testClient.mine({ blocks: 1 });
}

/** Wraps 100 ETH into WETH for each wallet. */
export async function fundWeth(
  { publicClient }: Pick<Clients, "publicClient">,
  wallets: ReturnType<Clients["wallet"]>[],
): Promise<void> {
  for (const wallet of wallets) {
    const hash = await wallet.writeContract({
      address: deployments[31337].weth.address,
      abi: wethAbi,
      functionName: "deposit",
      value: parseEther("100"),
    });
    await publicClient.waitForTransactionReceipt({ hash });
  }
}

/** Runs `action` and returns the ContractRevertedError it must throw. */
export async function reverted(action: Promise<unknown>): Promise<ContractRevertedError> {
  const error = await action.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ContractRevertedError);
  return error as ContractRevertedError;
}
