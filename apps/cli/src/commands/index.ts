import type { Command } from "../command.ts";
import { loanCommands } from "./loans.ts";
import { poolCommands } from "./pool.ts";

/** Every command, in the order `hypotheca --help` lists them. */
export const commands: Command[] = [...loanCommands, ...poolCommands];
