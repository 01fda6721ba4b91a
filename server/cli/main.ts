// Entry point of the `tm` binary (bundled to out/cli.cjs).
import { runCli } from './cli.js';

// A reader that stops early (`tm check … | head`) closes the pipe: stop quietly, as Unix tools
// do, instead of dying on the write error with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
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
