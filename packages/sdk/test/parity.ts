/**
 * Parity checks for the math property tests: a TypeScript function against a contract view on batches of
 * generated cases, each batch in one deployless multicall. Same value, or both fail (a revert on chain,
 * `ArithmeticError` in TypeScript; any other TypeScript error is a bug and fails the test).
 */
import fc from "fast-check";
import type { Abi, Address, PublicClient } from "viem";
import { expect } from "vitest";
import { ArithmeticError } from "../src/index.ts";

type Outcome = { ok: true; value: unknown } | { ok: false };

function mirror(compute: () => unknown): Outcome {
  try {
    return { ok: true, value: compute() };
  } catch (error) {
    if (error instanceof ArithmeticError) return { ok: false };
    throw error;
  }
}

export type ParityTarget = {
  client: PublicClient;
  address: Address;
  abi: Abi;
  blockNumber?: bigint;
};

/**
 * Property: for every case of each batch, `ts(...args)` equals `functionName(...args)` on the contract,
 * or both fail. `examples` run first on every seed, so edges are always covered. Returns how many cases
 * gave a value and how many failed, so callers can assert both kinds were exercised.
 */
export async function checkParity<Args extends unknown[]>(
  target: ParityTarget,
  functionName: string,
  args: fc.Arbitrary<Args>,
  ts: (...args: Args) => unknown,
  { examples = [], numRuns, batch = 40 }: { examples?: Args[]; numRuns: number; batch?: number },
): Promise<{ results: number; failures: number }> {
  let results = 0;
  let failures = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(args, { minLength: 1, maxLength: batch }), async (cases) => {
      const onChain = await target.client.multicall({
        contracts: cases.map((a) => ({ address: target.address, abi: target.abi, functionName, args: a })),
        allowFailure: true,
        deployless: true,
        batchSize: 0,
        blockNumber: target.blockNumber,
      });
      for (const [i, a] of cases.entries()) {
        const expected = onChain[i];
        const actual = mirror(() => ts(...a));
        if (expected?.status === "success") {
          results++;
          expect(actual, `${functionName}${fc.stringify(a)}`).toEqual({ ok: true, value: expected.result });
        } else {
          failures++;
          expect(actual, `${functionName}${fc.stringify(a)} reverts on chain`).toEqual({ ok: false });
        }
      }
    }),
    { numRuns, examples: examples.length ? [[examples]] : [] },
  );
  return { results, failures };
}
