// `tm diff --git` with names git would quote (non-ASCII, spaces, quotes, newlines): read with
// NUL-separated output, an unchanged model is unchanged and a deleted one is in the review.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test } from 'vitest';
import { EXIT_FINDINGS, EXIT_OK } from '../../server/cli/io.js';
import { runTm, scratchDir } from '../cli/run.js';

const HOT = 'external U\nprocess Api\nflow F: U -> Api\nthreat Hot "hot" { on Api stride S likelihood 3 impact 3 }\n';

test('an unchanged modèle.tm has no change, and a deleted "quoted name".tm is in the review', async () => {
  const { dir, cleanup } = await scratchDir({ 'modèle.tm': HOT, 'a "quoted" name.tm': HOT, 'line\nbreak.tm': HOT });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, stdio: 'pipe' });
  try {
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    const unchanged = await runTm(['diff', '--git', 'HEAD', '--fail-on', 'new-open-fix-now'], dir);
    expect(unchanged.stderr).toBe('');
    expect(unchanged.code).toBe(EXIT_OK);
    expect(unchanged.stdout).toBe('a "quoted" name.tm:\n  no semantic change\nline break.tm:\n  no semantic change\nmodèle.tm:\n  no semantic change\n');

    fs.rmSync(path.join(dir, 'a "quoted" name.tm'));
    fs.writeFileSync(path.join(dir, 'modèle.tm'), `${HOT}threat Hotter "hotter" { on F stride T likelihood 3 impact 3 }\n`);
    const changed = await runTm(['diff', '--git', 'HEAD', '--fail-on', 'new-open-fix-now'], dir);
    expect(changed.code).toBe(EXIT_FINDINGS);
    expect(changed.stdout).toMatch(/^a "quoted" name\.tm:\n {2}Threats removed:\n {4}- Hot "hot"/m);
    expect(changed.stdout).toContain('FAIL new-open-fix-now: Hotter is new');
  } finally {
    await cleanup();
  }
});
