// `tm dfd`, run in-process as a user would run it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../server/cli/cli.js';
import { exampleFiles } from './diagram-helpers.js';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-dfd-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

async function tm(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: text => { stdout += text; }, stderr: text => { stderr += text; }, cwd: folder });
  return { code, stdout, stderr };
}

describe('tm dfd', () => {
  const example = exampleFiles().find(file => file.endsWith('payments.tm'))!;

  it('writes the SVG to stdout', async () => {
    const { code, stdout, stderr } = await tm('dfd', example);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(stdout).toContain('data-id="Checkout"');
  });

  it('writes to a file with -o, the same picture as stdout', async () => {
    const { code, stdout } = await tm('dfd', example, '-o', 'out/payments.svg');
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(fs.readFileSync(path.join(folder, 'out/payments.svg'), 'utf8')).toBe((await tm('dfd', example)).stdout);
  });

  it('writes Mermaid with --format mermaid', async () => {
    const { code, stdout } = await tm('dfd', example, '--format', 'mermaid');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^flowchart LR\n/);
    expect(stdout).toContain('subgraph b_Shop["Shop backend"]');
  });

  it('draws what parsed, and says the file has errors', async () => {
    fs.writeFileSync(path.join(folder, 'broken.tm'), 'process A\nprocess B\nflow F: A -> B\nflow G: A ->');
    const { code, stdout, stderr } = await tm('dfd', 'broken.tm');
    expect(code).toBe(0);
    expect(stdout).toContain('data-id="F"');
    expect(stderr).toMatch(/broken\.tm has \d+ errors?/);
  });

  it.each([
    [['dfd'], /expected one model file/],
    [['dfd', 'a.tm', 'b.tm'], /expected one model file/],
    [['dfd', 'missing.tm'], /^tm dfd: cannot read missing\.tm: no such file or directory\n$/],
    [['dfd', '.'], /^tm dfd: cannot read \.: is a directory\n$/],
    [['dfd', 'x.tm', '--format', 'png'], /unknown format 'png'/],
    [['dfd', 'x.tm', '--bogus'], /Unknown option '--bogus'/],
  ])('exits 2 with one message for %j', async (argv, message) => {
    const { code, stdout, stderr } = await tm(...argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });
});
