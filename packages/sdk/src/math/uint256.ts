/**
 * Checked uint256 arithmetic, so the TypeScript mirrors of the Solidity libraries fail exactly where the
 * contracts revert: Solidity 0.8 reverts on overflow and underflow of every intermediate value
 * (Panic 0x11), on division by zero (Panic 0x12), and solady's fullMulDiv reverts when the divisor is
 * zero or the result does not fit (FullMulDivFailed). bigint never overflows, so each step checks.
 */
import { HypothecaError } from "../errors.ts";

export const MAX_UINT256 = 2n ** 256n - 1n;

/** A computation the contract would revert on. */
export class ArithmeticError extends HypothecaError {
  override name = "ArithmeticError";
  constructor(
    readonly operation: string,
    readonly reason: "overflow" | "underflow" | "division by zero",
  ) {
    super(`${operation}: uint256 ${reason}. The contract reverts on these inputs too.`);
  }
}

/** An argument that is not an unsigned integer of the Solidity parameter's width. */
export class InvalidUintError extends HypothecaError {
  override name = "InvalidUintError";
  constructor(
    readonly argument: string,
    readonly value: bigint,
    readonly bits: number,
  ) {
    super(`${argument} = ${value} is not a uint${bits}: pass an integer in [0, 2^${bits} - 1].`);
  }
}

/** Throws InvalidUintError unless every value is a uint256 (or a narrower uint of `bits`). */
export function assertUint(values: Record<string, bigint>, bits = 256): void {
  const max = (1n << BigInt(bits)) - 1n;
  for (const [argument, value] of Object.entries(values)) {
    if (typeof value !== "bigint" || value < 0n || value > max) throw new InvalidUintError(argument, value, bits);
  }
}

function fit(value: bigint, operation: string): bigint {
  if (value > MAX_UINT256) throw new ArithmeticError(operation, "overflow");
  return value;
}

export function add(a: bigint, b: bigint, operation = "add"): bigint {
  return fit(a + b, operation);
}

export function sub(a: bigint, b: bigint, operation = "sub"): bigint {
  if (b > a) throw new ArithmeticError(operation, "underflow");
  return a - b;
}

export function mul(a: bigint, b: bigint, operation = "mul"): bigint {
  return fit(a * b, operation);
}

export function div(a: bigint, b: bigint, operation = "div"): bigint {
  if (b === 0n) throw new ArithmeticError(operation, "division by zero");
  return a / b;
}

/** `base ** exponent`, checked like Solidity's `**`. */
export function pow(base: bigint, exponent: bigint, operation = "pow"): bigint {
  // 10^78 > 2^256: stop before building huge numbers.
  if (base > 1n && exponent > 256n) throw new ArithmeticError(operation, "overflow");
  return fit(base ** exponent, operation);
}

/** `a * b / d` rounded down, over 512 bits (solady's fullMulDiv): fails on `d = 0` or a result above uint256. */
export function mulDiv(a: bigint, b: bigint, d: bigint, operation = "mulDiv"): bigint {
  if (d === 0n) throw new ArithmeticError(operation, "division by zero");
  return fit((a * b) / d, operation);
}

/** `a * b / d` rounded up, over 512 bits (solady's fullMulDivUp). */
export function mulDivUp(a: bigint, b: bigint, d: bigint, operation = "mulDivUp"): bigint {
  if (d === 0n) throw new ArithmeticError(operation, "division by zero");
  const product = a * b;
  return fit(product === 0n ? 0n : (product - 1n) / d + 1n, operation);
}
