// The `sunhwan` command (package.json "bin"; the build adds the #!/usr/bin/env node line).
// From source: npx tsx src/cli/main.ts --help
import { runCli } from './program.ts';

// `sunhwan predict … | head`: a closed pipe ends the command quietly, as for other Unix tools
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
