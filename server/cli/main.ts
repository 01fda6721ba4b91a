// Entry point of the `tm` binary (bundled to out/cli.cjs).
import { runCli } from './cli.js';
import { describeFsError } from './files.js';
import { EXIT_USAGE } from './io.js';

// A reader that stops early (`tm check … | head`) closes the pipe: stop quietly, as Unix tools
// do. Any other failure to write (a full disk behind `>`) is one line and exit 2, never a stack
// trace and never 1, which would mean findings.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`tm: cannot write to standard output: ${describeFsError(error)}\n`);
  process.exit(EXIT_USAGE);
});

runCli(process.argv.slice(2), {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
  cwd: process.cwd(),
}).then(code => {
  process.exitCode = code;
}, (error: unknown) => {
  // Only a bug in tm gets here, never a mistake of the user's.
  process.stderr.write(`tm: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 70;
});
