// Builds the `sunhwan` program (commander) and runs it with Keras-like exit codes:
// 0 done, 1 the work failed, 2 the command line is wrong (see ./errors.ts).
// main.ts is the bin; tests call runCli() in-process.
import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.ts';
import { CommandExit, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from './errors.ts';
import { packageVersion } from './version.ts';

export function createProgram(): Command {
  const program = new Command('sunhwan')
    .description('sunhwan (순환): Keras-style recurrent networks in TypeScript — run the book recipes, train, predict, generate')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  // subcommands inherit the exit override and help settings when created after them
  for (const register of commands) register(program);
  program.addHelpText(
    'after',
    "\nRun `sunhwan <command> --help` for a command's options. Data sets: SUNHWAN_DATA (default ~/.cache/sunhwan).",
  );
  return program;
}

/** Parses `argv` (without node and the script) and runs the command; returns the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end with exit code 0; parse errors (already printed) and a missing command with 1
      return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (err instanceof CommandExit) {
      process.stderr.write(`${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\n(add --help for usage)\n`);
      return EXIT_USAGE;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`error: ${message}\n`);
    if (process.env.SUNHWAN_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    return EXIT_FAILURE;
  }
}
