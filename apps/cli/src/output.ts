import { HypothecaError } from "@hypotheca/sdk";
import type { Hash, TransactionReceipt } from "viem";

/** Writes of a command: results to stdout (a table or JSON), progress and errors to stderr. */
export class Output {
  constructor(
    readonly json: boolean,
    private readonly stdout: (text: string) => void = (text) => process.stdout.write(text),
    private readonly stderr: (text: string) => void = (text) => process.stderr.write(text),
  ) {}

  /** Plain text on stdout (help). */
  print(text: string): void {
    this.stdout(`${text}\n`);
  }

  /** A step of a long operation ("Approving WETH…"); stderr, so `--json` stdout stays parseable. */
  progress(message: string): void {
    this.stderr(`${message}\n`);
  }

  /** Runs a write action, reporting it before and after: what it does, then its hash, block and gas. */
  async transaction<T extends { hash: Hash; receipt: TransactionReceipt }>(
    label: string,
    send: () => Promise<T>,
  ): Promise<T> {
    this.progress(`${label}…`);
    const result = await send();
    this.progress(`  done: ${result.hash} (block ${result.receipt.blockNumber}, gas ${result.receipt.gasUsed})`);
    return result;
  }

  /** The command's result: JSON (bigints as decimal strings) or the human rendering. */
  result(value: unknown, human: () => string): void {
    this.stdout(this.json ? `${toJson(value)}\n` : `${human()}\n`);
  }

  /** A failure: `{"error":{code,message}}` on stdout in JSON mode, the message on stderr otherwise. */
  error(error: unknown): void {
    const message = error instanceof HypothecaError ? error.shortMessage : String(error);
    const code = error instanceof Error ? error.name : "Error";
    if (this.json) this.stdout(`${toJson({ error: { code, message } })}\n`);
    else this.stderr(`error: ${message}\n`);
  }
}

export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v), 2);
}

/** Aligned columns for people. */
export function table(headers: string[], rows: string[][]): string {
  if (rows.length === 0) return "(none)";
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(headers), ...rows.map(line)].join("\n");
}
