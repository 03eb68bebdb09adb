import type { ParseArgsConfig } from "node:util";
import type { Context } from "./context.ts";

export type Options = NonNullable<ParseArgsConfig["options"]>;
export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** One `hypotheca <words…>` command. */
export type Command = {
  /** The words that select it, e.g. ["offers", "list"]. */
  words: string[];
  summary: string;
  /** Arguments and flags after the words, for --help. */
  usage: string;
  options: Options;
  run: (context: Context, values: Values, positionals: string[]) => Promise<void>;
};
