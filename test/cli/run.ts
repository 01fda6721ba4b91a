// Runs the `tm` CLI in-process, in a scratch directory, and captures what a user would see.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../server/cli/cli.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runTm(argv: string[], cwd: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: text => { stdout += text; }, stderr: text => { stderr += text; }, cwd });
  return { code, stdout, stderr };
}

/** A fresh directory holding `files` (path → content); removed by the returned cleanup. */
export async function scratchDir(files: Record<string, string | Uint8Array> = {}): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tm-cli-'));
  for (const [name, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.writeFile(path.join(dir, name), content);
  }
  return { dir, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

/** `file:line:col: severity code: message`, as `tm check` prints each diagnostic. */
export const TEXT_LINE = /^[^:\n]+:\d+:\d+: (error|warning|info|hint) [a-z-]+: [^\n]+$/;

/** `N file(s) checked: …`, the last line of the text format. */
export const SUMMARY_LINE = /^\d+ files? checked: \d+ errors?, \d+ warnings?, \d+ info\.$/;
