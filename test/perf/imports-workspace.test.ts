// The benchmark's workspace of models across files (bench/imports-workspace.ts) is what the
// benchmark says it is: services whose imports, qualified references and crossings into the
// libraries all resolve, so its timings measure real cross-file work, not error paths.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { FlatDiagnostic } from '../../server/cli/format.js';
import { serviceImports, writeImportsWorkspace } from '../../bench/imports-workspace.js';
import { runTm } from '../cli/run.js';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-imports-bench-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

it('generates services that each import the core library and two others, with no error', async () => {
  const workspace = writeImportsWorkspace(folder, 12, 5);
  expect(workspace.services).toHaveLength(12);
  expect(workspace.libraries).toHaveLength(5);
  for (let i = 0; i < 12; i++) {
    const [core, first, second] = serviceImports(i, 5);
    expect(core).toBe(0);
    expect(new Set([core, first, second]).size).toBe(3);
  }
  const run = await runTm(['check', '--format', 'json', '--today', '2026-11-23', folder], folder);
  expect(run.stderr).toBe('');
  const diagnostics = JSON.parse(run.stdout) as FlatDiagnostic[];
  expect(diagnostics.filter(d => d.severity === 'error')).toEqual([]);
  // Every service's flows cross into the libraries: the crossings are checked, and controlled.
  expect(diagnostics.filter(d => d.code === 'missing-boundary-control' || d.code === 'orphan-element')).toEqual([]);
});
