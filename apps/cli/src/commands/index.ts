import type { Command } from "../command.ts";
import { loanCommands } from "./loans.ts";
import { offerCommands } from "./offers.ts";
import { poolCommands } from "./pool.ts";

/** Every command, in the order `hypotheca --help` lists them. */
export const commands: Command[] = [...offerCommands, ...loanCommands, ...poolCommands];
