// Models across files in a real VS Code (docs/language.md §12): a workspace where the orders
// service imports the platform's identity provider. Navigation, hover, completion and rename
// cross the file boundary; an edit in the library re-checks the service; the preview draws the
// imported element marked and a click on it opens its file; deleting the library leaves a
// diagnostic at the import. The steps share one workbench and run in order.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/code-server.mjs';
import type { Problem, Workbench } from './workbench.js';
import { useFixtureSession } from './workbench.js';

const OUTPUT = join(projectRoot, 'test-output', 'e2e-across-files');
const SERVICE = 'services/orders.tm';
const LIBRARY = 'platform/idp.tm';
/** Long enough for the language server's first answer on a loaded machine; only catches hangs. */
const SERVER_TIMEOUT = 90_000;

let workbench: Workbench;
let workspace: string;

const session = useFixtureSession({
  output: OUTPUT,
  settings: { 'editor.minimap.enabled': false, 'editor.hover.delay': 100, 'window.commandCenter': false },
  fixture: 'across-files',
  open: SERVICE,
});
beforeAll(() => {
  ({ workbench, workspace } = session);
});

/** 1-based line and column of the first occurrence of `needle` in a workspace file as saved. */
function positionOf(file: string, needle: string): { line: number; column: number } {
  const text = readFileSync(join(workspace, file), 'utf8');
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`${needle} is not in ${file}`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

function about(problems: Problem[], code: string, word: string): Problem[] {
  return problems.filter(problem => problem.code === code && new RegExp(`\\b${word}\\b`).test(problem.message));
}

/** The file of the active editor tab. */
function activeTab(): Promise<string | null> {
  return workbench.page.locator('.tab.active').first().getAttribute('data-resource-name');
}

async function cursorOn(file: string, needle: string, offset = 0): Promise<void> {
  const { line, column } = positionOf(file, needle);
  await workbench.goTo(line, column + offset);
}

describe('models across files in VS Code', () => {
  it('checks the service with the library it imports: no finding about its imported names', async () => {
    await workbench.openProblems();
    // Checked: the catalogue's suggestion for the flow into the library is there; and no error.
    await expect.poll(async () => about(await workbench.problems(), 'suggested-threat', 'CheckToken').length, { timeout: SERVER_TIMEOUT }).toBe(1);
    expect((await workbench.problems()).filter(problem => problem.severity === 'error')).toEqual([]);
  });

  it('goes to the definition of an imported element, in the library', async () => {
    await cursorOn(SERVICE, 'Login "token', 1);
    // Pressed again until it answers: the server may still be indexing the library.
    await expect.poll(async () => {
      if ((await activeTab()) !== 'idp.tm') await workbench.page.keyboard.press('F12');
      return activeTab();
    }, { timeout: SERVER_TIMEOUT, interval: 2_000 }).toBe('idp.tm');
    const declaration = positionOf(LIBRARY, 'Login "Sign-in');
    await workbench.page.locator('#status\\.editor\\.selection', { hasText: new RegExp(`Ln ${declaration.line}, Col ${declaration.column}\\b`) }).waitFor();
    await workbench.screenshot('definition-in-library');
  });

  it('finds the references to a library element in the service', async () => {
    await cursorOn(LIBRARY, 'Login "Sign-in', 1);
    await workbench.page.keyboard.press('Shift+F12');
    const peek = workbench.page.locator('.peekview-widget');
    await peek.waitFor({ timeout: SERVER_TIMEOUT });
    await expect.poll(() => peek.locator('.ref-tree').innerText(), { timeout: SERVER_TIMEOUT }).toMatch(/orders\.tm/);
    await workbench.screenshot('references-across-files');
    await workbench.page.keyboard.press('Escape');
    await peek.waitFor({ state: 'hidden' });
  });

  it('says in the hover which file an imported element comes from', async () => {
    await workbench.quickOpen(SERVICE);
    await cursorOn(SERVICE, 'Login "token');
    const hover = await workbench.hover(/CheckToken/, 'Login');
    expect(hover).toMatch(/idp\.tm/);
    await workbench.dismissHover();
  });

  it('offers the imported names in completion', async () => {
    await cursorOn(SERVICE, 'on OrdersApi, CheckToken');
    await workbench.page.keyboard.press('End');
    await workbench.page.keyboard.type(', ');
    const labels = await workbench.completionLabels();
    await workbench.closeCompletion();
    for (let typed = 0; typed < 2; typed++) await workbench.page.keyboard.press('Backspace');
    expect(labels.some(label => /\bLogin\b/.test(label)), labels.join(' ')).toBe(true);
    expect(labels.some(label => /\bAccounts\b/.test(label)), labels.join(' ')).toBe(true);
  });

  it('re-checks the service when the library changes', async () => {
    await workbench.quickOpen(LIBRARY);
    // The library gains a process of the service's own name: the service's references to it become ambiguous.
    await cursorOn(LIBRARY, 'process Login');
    await workbench.page.keyboard.press('End');
    await workbench.page.keyboard.press('Enter');
    await workbench.page.keyboard.type('process OrdersApi');
    // The library itself has no error: the errors the status bar counts are the service's.
    await expect.poll(() => workbench.errorCount(), { timeout: SERVER_TIMEOUT }).toBe(2);
    await workbench.openProblems();
    await workbench.page.locator('.markers-panel .marker-code', { hasText: 'ambiguous-reference' }).first().waitFor();
    await workbench.screenshot('library-edit-rechecks-service');
    // Back to the editor (Problems has the focus), and the line typed removed.
    await workbench.page.keyboard.press('Control+1');
    await workbench.page.keyboard.press('Control+Shift+K');
    await expect.poll(() => workbench.errorCount(), { timeout: SERVER_TIMEOUT }).toBe(0);
    await workbench.save();
  });

  it('draws the imported element marked in the preview, and a click on it opens the library', async () => {
    await workbench.quickOpen(SERVICE);
    await workbench.runCommand('tm: Open Preview to the Side');
    const preview = workbench.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const imported = preview.locator('#canvas svg [data-id="idp.Login"]');
    await imported.waitFor({ timeout: SERVER_TIMEOUT });
    expect(await imported.getAttribute('class')).toContain('tm-imported');
    expect(await imported.locator('.tm-imported-from').textContent()).toBe('from idp.tm');
    expect(await preview.locator('#canvas svg [data-id="OrdersApi"]').getAttribute('class')).not.toContain('tm-imported');
    // Clicked once elk's picture has replaced the quick first one, which it redraws.
    await preview.locator('#arranging').waitFor({ state: 'hidden', timeout: SERVER_TIMEOUT });
    // Fit: the whole picture on the canvas, clear of the threat panel.
    await preview.locator('#fit').click();
    await workbench.screenshot('preview-imported-element');
    await imported.locator('[data-shape]').click();
    await expect.poll(activeTab, { timeout: SERVER_TIMEOUT }).toBe('idp.tm');
    // The name selected: the cursor at its end.
    const declaration = positionOf(LIBRARY, 'Login "Sign-in');
    await workbench.page.locator('#status\\.editor\\.selection', { hasText: `Ln ${declaration.line}, Col ${declaration.column + 'Login'.length} (${'Login'.length} selected)` }).waitFor();
  });

  it('renames a library element in every file that names it', async () => {
    await workbench.quickOpen(LIBRARY);
    await cursorOn(LIBRARY, 'Login "Sign-in', 1);
    await workbench.page.keyboard.press('F2');
    const input = workbench.page.locator('.rename-box input');
    await input.waitFor();
    await input.fill('SignIn');
    await workbench.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
    // Save every file the rename changed, opened or not.
    await workbench.runCommand('File: Save All Files');
    await expect.poll(() => readFileSync(join(workspace, SERVICE), 'utf8'), { timeout: SERVER_TIMEOUT }).toMatch(/OrdersApi -> SignIn "token introspection"/);
    expect(readFileSync(join(workspace, LIBRARY), 'utf8')).toMatch(/process SignIn "Sign-in service"/);
    expect(readFileSync(join(workspace, SERVICE), 'utf8')).not.toMatch(/\bLogin\b/);
  });

  it('reports the import when the library is deleted', async () => {
    // Closed first, and seen closed: an open editor's text is the client's, and the language
    // server keeps a document the client has open (a key chord can be lost on a busy machine).
    const tabs = workbench.page.locator('.editor-group-container .tab');
    // Nothing left unsaved (a lost key in the test before can leave the library dirty): closing a
    // dirty editor asks to save it, and the question swallows the keys that follow.
    await workbench.runCommand('File: Save All Files');
    await expect.poll(async () => {
      await workbench.page.keyboard.press('Control+K');
      await workbench.page.keyboard.press('Control+W');
      return tabs.count();
    }, { timeout: SERVER_TIMEOUT }).toBe(0);
    rmSync(join(workspace, LIBRARY));
    expect(existsSync(join(workspace, LIBRARY))).toBe(false);
    await workbench.quickOpen(SERVICE);
    await workbench.openProblems();
    await expect.poll(async () => about(await workbench.problems(), 'missing-import', 'idp').length, { timeout: SERVER_TIMEOUT }).toBe(1);
    const problem = about(await workbench.problems(), 'missing-import', 'idp')[0];
    const path = positionOf(SERVICE, '"../platform/idp.tm"');
    expect(problem.location).toBe(`[Ln ${path.line}, Col ${path.column}]`);
    await workbench.screenshot('deleted-library');
  });
});
