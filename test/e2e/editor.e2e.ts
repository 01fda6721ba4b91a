// The editing experience in a real VS Code: the packaged extension installed into code-server,
// a workspace with one model, and the user's view through Chromium. The steps share one
// workbench and run in order, each leaving the editor as the next one expects.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/code-server.mjs';
import type { Problem, Workbench } from './workbench.js';
import { extensionHostErrors, extensionHostExits, useFixtureSession } from './workbench.js';

const OUTPUT = join(projectRoot, 'test-output', 'e2e');
/** With TM_E2E_DOCS=1 the run also refreshes the screenshots of docs/vscode.md. */
const DOCS_IMAGES = process.env.TM_E2E_DOCS === '1' ? join(projectRoot, 'docs', 'images') : undefined;

const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { publisher: string; name: string };
const VERDICT_ITEM = `${manifest.publisher}.${manifest.name}.tm.verdict`;

const SETTINGS = {
  'workbench.colorTheme': 'Default Dark Modern',
  'editor.hover.delay': 100,
  'editor.minimap.enabled': false,
  'window.commandCenter': false,
};

let workbench: Workbench;
let modelPath: string;

/** 1-based line and column of the first occurrence of `needle` in the model as saved on disk. */
function positionOf(needle: string, after = 0): { line: number; column: number } {
  const text = readFileSync(modelPath, 'utf8');
  const offset = text.indexOf(needle, after);
  if (offset < 0) throw new Error(`${needle} is not in the model`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

function about(problems: Problem[], code: string, word: string): Problem[] {
  return problems.filter(problem => problem.code === code && new RegExp(`\\b${word}\\b`).test(problem.message));
}

async function screenshot(name: string, docsName?: string): Promise<void> {
  const path = await workbench.screenshot(name);
  if (DOCS_IMAGES && docsName) {
    mkdirSync(DOCS_IMAGES, { recursive: true });
    copyFileSync(path, join(DOCS_IMAGES, `${docsName}.png`));
  }
}

const session = useFixtureSession({ output: OUTPUT, settings: SETTINGS });
beforeAll(() => {
  ({ workbench, modelPath } = session);
});

describe('tm in VS Code', () => {
  it('underlines findings and lists them in Problems with their codes', async () => {
    const warnings = await workbench.waitForSquiggles('warning');
    expect(await warnings.count()).toBeGreaterThan(0);
    await workbench.openProblems();
    await expect.poll(async () => about(await workbench.problems(), 'uncovered-stride', 'Orders'), { timeout: 30_000 }).toHaveLength(1);
    const problems = await workbench.problems();
    expect(about(problems, 'uncovered-stride', 'Customer')).toHaveLength(1);
    expect(about(problems, 'uncovered-stride', 'Checkout')).toHaveLength(1);
    expect(about(problems, 'open-fix-now', 'T1')).toHaveLength(1);
    expect(problems.every(problem => problem.code !== '' && /^\[Ln \d+, Col \d+\]$/.test(problem.location))).toBe(true);
    await screenshot('problems', 'problems');
  });

  it('shows the verdict of the model in the status bar; a click opens Problems', async () => {
    const verdict = workbench.statusItem(VERDICT_ITEM);
    await expect.poll(() => verdict.innerText(), { timeout: 30_000 }).toContain('1 fix-now open');
    expect(await verdict.locator('.codicon-shield').count()).toBe(1);
    await workbench.page.keyboard.press('Control+J'); // hide the panel
    await workbench.page.locator('.markers-panel').waitFor({ state: 'hidden' });
    await verdict.click();
    await workbench.page.locator('.markers-panel').waitFor({ state: 'visible' });
  });

  it('explains a STRIDE letter on hover', async () => {
    const { line } = positionOf('stride S');
    await workbench.goTo(line);
    const hover = await workbench.hover(/stride\s+S/, 'S');
    expect(hover).toMatch(/Spoofing/);
    expect(hover).toMatch(/authentication/i);
    await screenshot('hover-stride-letter', 'hover');
    await workbench.dismissHover();
  });

  it('completes only the STRIDE letters that apply to the threat target after `stride `', async () => {
    const { line } = positionOf('on Orders');
    await workbench.goTo(line);
    await workbench.page.keyboard.press('End');
    await workbench.page.keyboard.press('Enter');
    await workbench.page.keyboard.type('stride ');
    const labels = await workbench.completionLabels();
    const letters = labels.filter(label => /^[STRIDE]$/.test(label));
    await screenshot('completion-stride-letters', 'completion');
    await workbench.closeCompletion();
    await workbench.page.keyboard.press('Control+Shift+K'); // delete the line typed above
    expect(letters).toEqual(expect.arrayContaining(['T', 'I', 'D']));
    expect(letters).not.toContain('S');
    expect(letters).not.toContain('E');
    expect(letters).not.toContain('R'); // a store of kind database: no repudiation
  });

  it('applies a quick-fix from the light bulb, which removes the diagnostic it fixes', async () => {
    const { line, column } = positionOf('Customer "Customer browser"');
    await workbench.goTo(line, column + 2);
    const offered = await workbench.applyQuickFixFromLightBulb(/^Add a threat stub for R\b/);
    expect(offered.some(title => /^Add a threat stub for R\b/.test(title))).toBe(true);
    await workbench.openProblems();
    // The Orders finding stays: it proves the list was read after the re-check, not while empty.
    await expect
      .poll(async () => {
        const problems = await workbench.problems();
        return { customer: about(problems, 'uncovered-stride', 'Customer').length, orders: about(problems, 'uncovered-stride', 'Orders').length };
      }, { timeout: 30_000 })
      .toEqual({ customer: 0, orders: 1 });
    await screenshot('quick-fix-applied', 'quick-fix');
    await workbench.save();
    // The tab is clean once the save started; the file is written a moment later.
    await expect
      .poll(() => readFileSync(modelPath, 'utf8'), { timeout: 30_000 })
      .toMatch(/threat\s+\w+[^{]*\{[^}]*\bon\s+Customer\b[^}]*\bstride\s+R\b/);
  });

  it('updates the verdict when the fix-now threat gets a decision', async () => {
    const { line } = positionOf('likelihood 3  impact 3', readFileSync(modelPath, 'utf8').indexOf('threat T1'));
    await workbench.goTo(line);
    await workbench.page.keyboard.press('End');
    await workbench.page.keyboard.press('Enter');
    // Inserted as one input, like a paste: typed key by key, whether the quote auto-closes
    // depends on timing.
    await workbench.page.keyboard.insertText('mitigation "Multi-factor login for customers" done');
    await workbench.page.keyboard.press('Escape');
    const verdict = workbench.statusItem(VERDICT_ITEM);
    await expect.poll(() => verdict.innerText(), { timeout: 30_000 }).toMatch(/^\s*done$/);
    expect(await verdict.locator('.codicon-pass').count()).toBe(1);
    await workbench.closeCompletion(); // typing `done` may have opened suggestions again
    await screenshot('verdict-done', 'status-done');
    await workbench.save();
  });

  it('applies the tm.coverage.flows setting without a restart', async () => {
    await workbench.openProblems();
    const flows = async () => {
      const problems = await workbench.problems();
      return {
        crossing: about(problems, 'uncovered-stride', 'Checkout').length,
        internal: about(problems, 'uncovered-stride', 'SaveOrder').length,
        elements: about(problems, 'uncovered-stride', 'Orders').length,
      };
    };
    await expect.poll(flows, { timeout: 30_000 }).toEqual({ crossing: 1, internal: 0, elements: 1 });
    await workbench.chooseSetting('tm.coverage.flows', 'all');
    await expect.poll(flows, { timeout: 30_000 }).toEqual({ crossing: 1, internal: 1, elements: 1 });
    await workbench.chooseSetting('tm.coverage.flows', 'none');
    await expect.poll(flows, { timeout: 30_000 }).toEqual({ crossing: 0, internal: 0, elements: 1 });
    expect(JSON.parse(readFileSync(join(session.server.userDataDir, 'User', 'settings.json'), 'utf8'))).toMatchObject({ 'tm.coverage.flows': 'none' });
  });

  it('stops the language server with no error in the extension host log when the window closes', async () => {
    // The editor asks for code actions at every cursor move: some are on their way as the client stops.
    await workbench.goTo(positionOf('flow Checkout').line);
    for (let step = 0; step < 5; step++) await workbench.page.keyboard.press('ArrowDown');
    // Closing the window tells the extension host to deactivate the extension and exit.
    await workbench.page.close({ runBeforeUnload: true });
    await expect.poll(() => extensionHostExits(session.server.userDataDir), { timeout: 60_000 }).not.toEqual([]);
    expect(await extensionHostErrors(session.server.userDataDir)).toEqual([]);
  });
});
