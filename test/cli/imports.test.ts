// `tm check` across files (docs/language.md §12): a directory checks every file with its imports,
// a file follows its imports, and every hostile import ends in a diagnostic at the import, read
// bounded and never outside the root.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FlatDiagnostic } from '../../server/cli/format.js';
import type { CliRun } from './run.js';
import { runTm, scratchDir } from './run.js';

const HEADER = 'model "M" { reviewed "2026-11-01" }\n';
const TODAY = ['--today', '2026-11-23'];
const PLATFORM = `${HEADER}boundary Platform { process Login { exempt S, T, R, I, D, E "covered elsewhere" } }\n`;
const SHOP = `${HEADER}import "platform/idp.tm" as Idp\nexternal U { exempt S, R "test" }\nflow F: U -> Idp.Login { authn "OIDC" authz "roles" validation "schema" exempt T, I, D "test" }\n`;

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.map(cleanup => cleanup()));
  cleanups = [];
});

async function inScratch(files: Record<string, string>): Promise<string> {
  const { dir, cleanup } = await scratchDir(files);
  cleanups.push(cleanup);
  return dir;
}

function findings(run: CliRun): string[] {
  return (JSON.parse(run.stdout) as FlatDiagnostic[]).map(d => `${d.file}:${d.line} ${d.code}`);
}

async function checkJson(dir: string, ...args: string[]): Promise<CliRun> {
  return runTm(['check', ...TODAY, '--format', 'json', ...args], dir);
}

describe('tm check with imports', () => {
  it('a directory: every file with its imports, the library on its own too; exit 0 when clean', async () => {
    const dir = await inScratch({ 'platform/idp.tm': PLATFORM, 'shop.tm': SHOP });
    const run = await checkJson(dir, '.');
    expect(findings(run)).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('a file named directly follows its imports, reporting only its own findings', async () => {
    const dir = await inScratch({ 'platform/idp.tm': `${HEADER}boundary Platform { process Login }\n`, 'shop.tm': SHOP });
    const run = await checkJson(dir, 'shop.tm');
    expect(findings(run)).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('a finding in the importer about an imported element sits in the importer; exit 1 on an error', async () => {
    const dir = await inScratch({ 'platform/idp.tm': PLATFORM, 'shop.tm': `${HEADER}import "platform/idp.tm" as Idp\nprocess Login\nexternal U\nflow F: U -> Login\n` });
    const run = await checkJson(dir, '.');
    expect(findings(run)).toContain('shop.tm:5 ambiguous-reference');
    // The ambiguous flow resolves to nothing, so the library's Login is touched by no flow: the library says so, once.
    expect(findings(run).filter(line => line.startsWith('platform'))).toEqual(['platform/idp.tm:2 orphan-element']);
    expect(run.code).toBe(1);
  });

  it('--root widens where a file named directly may import from', async () => {
    const dir = await inScratch({ 'platform/idp.tm': PLATFORM, 'svc/shop.tm': SHOP.replace('"platform/idp.tm"', '"../platform/idp.tm"') });
    expect(findings(await checkJson(dir, 'svc/shop.tm'))).toEqual(['svc/shop.tm:2 invalid-import', 'svc/shop.tm:4 unresolved-reference']);
    expect(findings(await checkJson(dir, '--root', '.', 'svc/shop.tm'))).toEqual([]);
    const outside = await checkJson(dir, '--root', 'svc', 'platform/idp.tm');
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/is not inside --root svc/);
  });
});

describe('hostile imports: a diagnostic at the import, no hang, nothing read outside the root', () => {
  async function importOf(target: string, files: Record<string, string> = {}, prepare?: (dir: string) => Promise<void>): Promise<FlatDiagnostic[]> {
    const dir = await inScratch({ 'ws/shop.tm': `${HEADER}import "${target}"\nprocess Api\n`, ...files });
    await prepare?.(dir);
    const run = await checkJson(path.join(dir, 'ws'), '.');
    return (JSON.parse(run.stdout) as FlatDiagnostic[]).filter(d => d.file === 'shop.tm' && d.line === 2);
  }

  it.each([
    ['a cycle', 'a.tm', { 'ws/a.tm': 'import "shop.tm"\n' }, 'import-cycle', /shop\.tm → a\.tm → shop\.tm/],
    ['a self-import', 'shop.tm', {}, 'invalid-import', /cannot import itself/],
    ['a missing file', 'nope.tm', {}, 'missing-import', /does not exist/],
    ['an absolute path', '/etc/passwd.tm', {}, 'invalid-import', /absolute path/],
    ['a URL', 'https://example.com/x.tm', {}, 'invalid-import', /URL/],
    ['`..` out of the root', '../secret.tm', { 'secret.tm': 'process Secret\n' }, 'invalid-import', /leads out of the workspace root/],
    ['a case-only difference', 'Lib.tm', { 'ws/lib.tm': 'process L\n' }, 'invalid-import', /differs only in case from lib\.tm/],
  ] as Array<[string, string, Record<string, string>, string, RegExp]>)('%s', async (_, target, files, code, message) => {
    const found = await importOf(target, files);
    expect(found.map(d => d.code)).toEqual([code]);
    expect(found[0].message).toMatch(message);
  });

  it('a directory', async () => {
    const found = await importOf('dir.tm', {}, dir => fs.mkdir(path.join(dir, 'ws', 'dir.tm')));
    expect(found.map(d => [d.code, d.message])).toEqual([['missing-import', '"dir.tm" is a directory: the import brings in nothing.']]);
  });

  it('a FIFO is never opened', async () => {
    const found = await importOf('pipe.tm', {}, async dir => { execFileSync('mkfifo', [path.join(dir, 'ws', 'pipe.tm')]); });
    expect(found.map(d => d.code)).toEqual(['missing-import']);
    expect(found[0].message).toMatch(/not a regular file/);
  });

  it('a file over the size limit is not read', async () => {
    const dir = await inScratch({ 'ws/shop.tm': `${HEADER}import "big.tm"\nprocess Api\n`, 'ws/big.tm': `process Big "${'x'.repeat(3 * 1024 * 1024)}"\n` });
    const run = await checkJson(path.join(dir, 'ws'), '--max-size', '1', 'shop.tm');
    const found = (JSON.parse(run.stdout) as FlatDiagnostic[]).filter(d => d.line === 2);
    expect(found.map(d => d.code)).toEqual(['missing-import']);
    expect(found[0].message).toMatch(/over the 1 MB limit/);
  });

  it('a symbolic link leaving the root is not followed', async () => {
    const found = await importOf('link.tm', { 'outside.tm': 'process Outside\n' }, dir => fs.symlink(path.join(dir, 'outside.tm'), path.join(dir, 'ws', 'link.tm')));
    expect(found.map(d => d.code)).toEqual(['invalid-import']);
    expect(found[0].message).toMatch(/symbolic link to .*outside the workspace root/);
  });
});
