// A model padded with tens of thousands of findings must not hide the ones that matter: the
// CLI lists them all and fails, the editor gets the most severe, and a validation that fails
// fails the check instead of passing it empty.
import { EmptyFileSystem } from 'langium';
import { clearDocuments, parseDocument } from 'langium/test';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import type { Model } from '../../server/language/generated/ast.js';
import { TmDocumentValidator } from '../../server/language/tm-document-validator.js';
import { createTmServices } from '../../server/lsp/tm-lsp-module.js';
import { MAX_PUBLISHED_DIAGNOSTICS } from '../../server/lsp/tm-published-diagnostics.js';
import { EXIT_FINDINGS } from '../../server/cli/io.js';
import { runTm, scratchDir } from '../cli/run.js';

/** 70,000 orphan processes (a warning each, two findings with coverage), one invalid flow, one open fix-now threat. */
function paddedModel(): string {
  const lines = Array.from({ length: 70_000 }, (_, i) => `process P${i}`);
  lines.push('external A', 'external B', 'flow Bad: A -> B', 'process Api', 'flow In: A -> Api', 'threat Hot "x" { on Api stride S likelihood 3 impact 3 }');
  return lines.join('\n') + '\n';
}

let scratch: Awaited<ReturnType<typeof scratchDir>>;
beforeAll(async () => {
  scratch = await scratchDir({ 'padded.tm': paddedModel(), 'small.tm': 'external U\nprocess Api\nflow F: U -> Api\n' });
});
afterAll(() => scratch.cleanup());
afterEach(() => {
  vi.restoreAllMocks();
});

describe('tm check on a padded model', () => {
  test('lists the invalid flow and the open fix-now threat among 100,000+ findings, and fails', async () => {
    const result = await runTm(['check', '--strict', 'padded.tm', '--today', '2026-11-01'], scratch.dir);
    expect(result.code).toBe(EXIT_FINDINGS);
    expect(result.stdout).toMatch(/padded\.tm:70003:6: error invalid-flow: /);
    expect(result.stdout).toMatch(/: warning open-fix-now: /);
    const [, errors, warnings] = /checked: (\d+) errors?, (\d+) warnings?/.exec(result.stdout)!.map(Number);
    expect(errors + warnings).toBeGreaterThan(100_000);
  }, 120_000);

  test('a validation that fails is an error that fails the check, not an empty pass', async () => {
    vi.spyOn(TmDocumentValidator.prototype as unknown as { validateAstNodes: () => Promise<void> }, 'validateAstNodes')
      .mockRejectedValue(new RangeError('Maximum call stack size exceeded'));
    const result = await runTm(['check', '--strict', 'small.tm'], scratch.dir);
    expect(result.code).toBe(EXIT_FINDINGS);
    expect(result.stdout).toMatch(/^small\.tm:1:1: error validation-failed: tm could not finish checking this model \(RangeError: Maximum call stack size exceeded\)/m);
  });
});

test('the editor gets the most severe findings of a padded model and one that counts the rest', async () => {
  const { Tm: services } = createTmServices(EmptyFileSystem);
  services.settings.update({ today: '2026-11-01' });
  const document = await parseDocument<Model>(services, paddedModel(), { validation: true });
  try {
    const diagnostics = document.diagnostics ?? [];
    expect(diagnostics).toHaveLength(MAX_PUBLISHED_DIAGNOSTICS);
    const codes = diagnostics.map(diagnostic => diagnostic.code);
    expect(codes).toContain('invalid-flow');
    expect(codes).toContain('open-fix-now');
    expect(diagnostics.at(-1)).toMatchObject({ code: 'too-many-diagnostics', severity: 3 });
    expect(diagnostics.at(-1)!.message).toMatch(/^\d{6} more diagnostics \(\d+ warning(, \d+ info)?\) are not shown in the editor/);
  } finally {
    await clearDocuments(services, [document]);
  }
}, 120_000);
