/** What every gas benchmark does on the devnet chain: wait for a receipt that must succeed, move time. */
import type { Hash, TransactionReceipt } from "viem";
import type { DevnetClients } from "../devnet/src/chain.ts";

export function benchChain({ publicClient, testClient }: DevnetClients) {
  return {
    /** The receipt of `hash`; a reverted benchmark transaction is an error, never a measurement. */
    send: async (hash: Hash): Promise<TransactionReceipt> => {
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`bench transaction ${hash} reverted`);
      return receipt;
    },
    /** Moves the chain's clock forward and mines a block at the new time. */
    warp: async (seconds: number) => {
      await testClient.increaseTime({ seconds });
      await testClient.mine({ blocks: 1 });
    },
  };
}
