import type { Command } from "../command.ts";

/** Every command, in the order `hypotheca --help` lists them. */
export const commands: Command[] = [];
