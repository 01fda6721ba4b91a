// Entry point of the `tm` binary (bundled to out/cli.cjs).
import { runCli } from './cli.js';

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
