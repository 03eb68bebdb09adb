import { parseArgs } from "node:util";
import type { Command } from "./command.ts";
import { commands } from "./commands/index.ts";
import { Context, DEFAULT_API_URL, DEFAULT_RPC_URL, type GlobalFlags, globalOptions } from "./context.ts";
import { CliError } from "./errors.ts";
import { Output } from "./output.ts";

const GLOBAL_HELP = `Global flags (each also read from the environment):
  --rpc-url <url>         HYPOTHECA_RPC_URL (default ${DEFAULT_RPC_URL})
  --api-url <url>         HYPOTHECA_API_URL (default ${DEFAULT_API_URL})
  --private-key <0x…>     HYPOTHECA_PRIVATE_KEY
  --keystore <file>       HYPOTHECA_KEYSTORE (v3 JSON, e.g. from \`cast wallet new\`)
  --password-file <file>  HYPOTHECA_PASSWORD_FILE, or HYPOTHECA_KEYSTORE_PASSWORD
  --json                  machine-readable output on stdout (progress stays on stderr)`;

/** Runs the CLI; returns the exit code (0 ok, 1 failed, 2 usage). */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, output?: Output): Promise<number> {
  const json = argv.includes("--json");
  const out = output ?? new Output(json);
  const words = argv.filter((a) => !a.startsWith("-"));
  const command = findCommand(words);
  if (!command || argv.includes("--help") || argv.includes("-h")) {
    out.print(command ? commandHelp(command) : overview());
    return command || argv.includes("--help") || argv.includes("-h") || argv.length === 0 ? 0 : 2;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...globalOptions, ...command.options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    out.error(new CliError(`${(error as Error).message}\n\n${commandHelp(command)}`));
    return 2;
  }
  const positionals = parsed.positionals.slice(command.words.length);
  try {
    const context = await Context.create(parsed.values as GlobalFlags, env, out);
    await command.run(context, parsed.values, positionals);
    return 0;
  } catch (error) {
    out.error(error);
    return 1;
  }
}

/** The command whose words are the longest prefix of the positionals. */
function findCommand(words: string[]): Command | undefined {
  return commands
    .filter((c) => c.words.every((w, i) => words[i] === w))
    .sort((a, b) => b.words.length - a.words.length)[0];
}

function overview(): string {
  const width = Math.max(...commands.map((c) => c.words.join(" ").length));
  return [
    "hypotheca — lend and borrow against NFTs from the command line",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.words.join(" ").padEnd(width)}  ${c.summary}`),
    "",
    GLOBAL_HELP,
    "",
    "`hypotheca <command> --help` shows a command's flags.",
  ].join("\n");
}

function commandHelp(command: Command): string {
  return [`hypotheca ${command.words.join(" ")} ${command.usage}`.trimEnd(), "", command.summary, "", GLOBAL_HELP].join(
    "\n",
  );
}
