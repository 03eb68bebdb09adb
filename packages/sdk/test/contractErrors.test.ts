import {
  type AbiParameter,
  BaseError,
  encodeErrorResult,
  type Hex,
  RawContractError,
  stringToHex,
  toFunctionSelector,
  zeroHash,
} from "viem";
import { describe, expect, it } from "vitest";
import {
  ContractRevertedError,
  decodeHypothecaError,
  errorDeclaredBy,
  floorOracleAbi,
  hypothecaErrorAbi,
  lendingPoolAbi,
  loanCoreAbi,
  toContractRevertedError,
  wethGatewayAbi,
} from "../src/index.ts";

/** A value of each ABI type, distinct per position so a swapped argument would show. */
function sample(parameter: AbiParameter, index: number): unknown {
  const { type } = parameter;
  if (type === "address") return `0x${(index + 1).toString(16).padStart(40, "0")}`;
  if (type === "bool") return index % 2 === 0;
  if (type === "bytes32") return `0x${(index + 1).toString(16).padStart(64, "0")}`;
  // viem decodes integers up to 48 bits as numbers, wider ones as bigints.
  const bits = Number(type.replace(/^u?int/, "") || 256);
  if (type.startsWith("uint")) return bits <= 48 ? index + 7 : BigInt(index + 7);
  if (type.startsWith("int")) return bits <= 48 ? -(index + 7) : -BigInt(index + 7);
  if (type === "string") return `s${index}`;
  if (type === "bytes") return "0x1234";
  throw new Error(`no sample for ${type}`);
}

const signature = (item: { name: string; inputs: readonly AbiParameter[] }) =>
  `${item.name}(${item.inputs.map((input) => input.type).join(",")})`;

describe("the combined error ABI", () => {
  it("holds every custom error of the core, the pool, the oracle and the gateway, once per selector", () => {
    const selectors = hypothecaErrorAbi.map((item) => toFunctionSelector(signature(item)));
    expect(new Set(selectors).size).toBe(selectors.length);
    for (const abi of [loanCoreAbi, lendingPoolAbi, floorOracleAbi, wethGatewayAbi]) {
      for (const item of abi) {
        if (item.type !== "error") continue;
        expect(selectors).toContain(toFunctionSelector(signature(item)));
      }
    }
    // Same signature in several contracts: one entry, every declarer named.
    expect(errorDeclaredBy(toFunctionSelector("Unauthorized(address)"))).toEqual(
      expect.arrayContaining(["LoanCore", "LendingPool", "FloorOracle"]),
    );
    // Same name, different signatures (core: per currency; pool: one asset): both kept.
    expect(hypothecaErrorAbi.filter((item) => item.name === "NothingToClaim")).toHaveLength(2);
  });

  it("decodes every error with its arguments and a message", () => {
    for (const item of hypothecaErrorAbi) {
      const args = item.inputs.map(sample);
      const data = encodeErrorResult({ abi: [item], errorName: item.name, args } as Parameters<
        typeof encodeErrorResult
      >[0]);
      const decoded = decodeHypothecaError(data);
      expect(decoded?.errorName).toBe(item.name);
      expect(decoded?.args ?? []).toEqual(args);
      const error = new ContractRevertedError(decoded as NonNullable<typeof decoded>, { data });
      expect(error.shortMessage.length).toBeGreaterThan(10);
      expect(error.shortMessage).not.toContain("undefined");
    }
  });
});

describe("toContractRevertedError", () => {
  const expired = encodeErrorResult({
    abi: loanCoreAbi,
    errorName: "OfferExpired",
    args: [1_700_000_000n, 1_700_000_100n],
  });

  it("finds revert data anywhere in a viem error chain and explains it", () => {
    const chained = new BaseError("simulation failed", { cause: new RawContractError({ data: expired }) });
    const error = toContractRevertedError(chained, { contract: "0x0000000000000000000000000000000000000001" });
    expect(error).toBeInstanceOf(ContractRevertedError);
    const reverted = error as ContractRevertedError;
    expect(reverted.is("OfferExpired") && reverted.args).toEqual([1_700_000_000n, 1_700_000_100n]);
    expect(reverted.shortMessage).toBe(
      "The offer expired at 2023-11-14T22:13:20.000Z (block time 2023-11-14T22:15:00.000Z).",
    );
    expect(reverted.declaredBy).toEqual(["LoanCore"]);
    expect(reverted.cause).toBe(chained);
  });

  it("decodes bytes32 names and leaves unknown or non-revert errors untouched", () => {
    const invalid = encodeErrorResult({
      abi: loanCoreAbi,
      errorName: "InvalidParameter",
      args: [stringToHex("minNonce", { size: 32 }), 3n],
    });
    expect(
      (toContractRevertedError(new RawContractError({ data: invalid })) as ContractRevertedError).shortMessage,
    ).toBe('Invalid parameter "minNonce": 3.');
    const unknown = new RawContractError({ data: "0xdeadbeef" as Hex });
    expect(toContractRevertedError(unknown)).toBe(unknown);
    const network = new Error("socket hang up");
    expect(toContractRevertedError(network)).toBe(network);
    expect(decodeHypothecaError(zeroHash)).toBeUndefined();
  });
});
