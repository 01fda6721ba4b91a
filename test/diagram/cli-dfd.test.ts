// `tm dfd`, run in-process as a user would run it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../server/cli/cli.js';
import { EXAMPLES_DIR } from '../examples.js';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-dfd-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

async function tm(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: text => { stdout += text; }, stderr: text => { stderr += text; }, cwd: folder });
  return { code, stdout, stderr };
}

describe('tm dfd', () => {
  // The project's own copy: the CLI refuses a path that is a link out of the folder it runs in.
  const example = path.join(EXAMPLES_DIR, 'payments.tm');

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

  it('lays out top to bottom by default, left to right with --direction right', async () => {
    const size = (svg: string): number[] => svg.match(/width="(\d+)" height="(\d+)"/)!.slice(1).map(Number);
    const [downWidth, downHeight] = size((await tm('dfd', example)).stdout);
    const [rightWidth, rightHeight] = size((await tm('dfd', example, '--direction', 'right')).stdout);
    expect(downHeight).toBeGreaterThan(downWidth);
    expect(rightWidth).toBeGreaterThan(rightHeight);
    expect((await tm('dfd', example, '--direction', 'auto')).code).toBe(0);
  });

  it('leaves markers, labels and coverage letters out on request', async () => {
    const full = (await tm('dfd', example, '--coverage', 'all')).stdout;
    expect(full).toContain('class="tm-marker');
    expect(full).toContain('class="tm-flow-label"');
    expect(full).toContain('>uncovered ');
    const bare = await tm('dfd', example, '--no-markers', '--no-labels', '--coverage', 'none');
    expect(bare.code).toBe(0);
    expect(bare.stdout).not.toContain('class="tm-marker');
    expect(bare.stdout).not.toContain('class="tm-flow-label"');
    expect(bare.stdout).not.toContain('>uncovered ');
    expect(bare.stdout.match(/class="tm-flow-line"/g)?.length).toBe(full.match(/class="tm-flow-line"/g)?.length);
  });

  it('writes a PNG with --format png, drawn by resvg with the SVG\'s colours', async () => {
    const { code, stderr } = await tm('dfd', example, '--format', 'png', '-o', 'payments.png');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const png = fs.readFileSync(path.join(folder, 'payments.png'));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const svg = (await tm('dfd', example)).stdout;
    const [width, height] = svg.match(/width="(\d+)" height="(\d+)"/)!.slice(1).map(Number);
    // Twice the SVG's size, for sharp text.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([2 * width, 2 * height]);
  });

  it('says so when a graph is too large for the layout engine, and draws it with the quick layout', { timeout: 120_000 }, async () => {
    const lines = ['external Hub'];
    for (let i = 0; i < 150; i++) lines.push(`process P${i}`, `flow F${i}: Hub -> P${i}`);
    fs.writeFileSync(path.join(folder, 'fan-out.tm'), lines.join('\n'));
    const { code, stdout, stderr } = await tm('dfd', 'fan-out.tm');
    expect(code).toBe(0);
    expect(stderr).toMatch(/^tm dfd: 151 elements and 150 flows are more than the layout engine is given \(.*\): drawn with the quick layout \(layered rows, straight flows\)\n$/);
    expect(stdout.match(/class="tm-flow-line"/g)).toHaveLength(150);
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
    [['dfd', 'x.tm', '--format', 'gif'], /unknown format 'gif'/],
    [['dfd', 'x.tm', '--format', 'png'], /--format png writes a file: give it with -o/],
    [['dfd', 'x.tm', '--direction', 'up'], /--direction must be down, right, auto, not 'up'/],
    [['dfd', 'x.tm', '--bogus'], /Unknown option '--bogus'/],
  ])('exits 2 with one message for %j', async (argv, message) => {
    const { code, stdout, stderr } = await tm(...argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });
});
