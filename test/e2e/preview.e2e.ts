// The live DFD preview in a real VS Code: opened from the command palette beside the model, it
// redraws as the user types, a click in the picture selects the declaration in the editor, the
// editor's cursor highlights the element in the picture, and a locked preview stays on its model.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/code-server.mjs';
import type { Workbench } from './workbench.js';
import { useFixtureSession } from './workbench.js';

const OUTPUT = join(projectRoot, 'test-output', 'e2e-preview');
/** Long enough for the language server's first answer on a loaded machine; only catches hangs. */
const DIAGRAM_TIMEOUT = 90_000;

let workbench: Workbench;
let preview: FrameLocator;
let workspace: string;

const session = useFixtureSession({ output: OUTPUT, settings: { 'editor.minimap.enabled': false } });
beforeAll(() => {
  ({ workbench, workspace } = session);
});

/** An element or flow in the preview's picture. */
function drawn(id: string) {
  return preview.locator(`#canvas svg [data-id="${id}"]`);
}

describe('the DFD preview in VS Code', () => {
  it('opens beside the model from the command palette and draws it', async () => {
    const page = workbench.page;
    await workbench.runCommand('tm: Open Preview to the Side');
    preview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await drawn('Api').waitFor({ timeout: DIAGRAM_TIMEOUT });
    expect(await drawn('Customer').getAttribute('data-kind')).toBe('external');
    expect(await drawn('Orders').getAttribute('data-kind')).toBe('store');
    expect(await drawn('Checkout').getAttribute('class')).toContain('tm-crossing');
    expect(await preview.locator('#panel tr.threat').count()).toBe(2);
    // The whole picture fits the preview's canvas, clear of the threat panel.
    const canvas = (await preview.locator('#canvas').boundingBox())!;
    for (const id of ['Customer', 'Api', 'Orders']) {
      const box = (await drawn(id).locator('[data-shape]').boundingBox())!;
      expect(box.x >= canvas.x && box.x + box.width <= canvas.x + canvas.width && box.y >= canvas.y && box.y + box.height <= canvas.y + canvas.height, id).toBe(true);
    }
    await workbench.screenshot('preview-open');
  });

  it('redraws as the model is edited', async () => {
    const page = workbench.page;
    await workbench.editor.click({ position: { x: 200, y: 10 } });
    await page.keyboard.press('Control+End');
    for (const line of ['', 'process Worker', 'flow Job: Api -> Worker']) {
      await page.keyboard.type(line);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Enter');
    }
    await drawn('Worker').waitFor({ timeout: DIAGRAM_TIMEOUT });
    await drawn('Job').waitFor();
    expect(await drawn('Worker').getAttribute('data-kind')).toBe('process');
    await workbench.screenshot('preview-edited');
  });

  it('selects the declaration in the editor when an element is clicked', async () => {
    await drawn('Orders').click();
    // `  store Orders "Orders DB" …` is line 11; the name starts at column 9.
    await workbench.page.locator('#status\\.editor\\.selection', { hasText: /Ln 11, Col (9|15)/ }).waitFor();
    expect(await workbench.page.locator('.editor-group-container.active .tab.active').textContent()).toContain('shop.tm');
  });

  it('highlights the element under the editor\'s cursor', async () => {
    // The click of the test before may leave the keyboard in the preview: back to the model.
    await workbench.page.locator('.editor-group-container').first().locator('.tab', { hasText: 'shop.tm' }).click();
    await workbench.goTo(21, 8); // inside `flow SaveOrder: Api -> Orders …`
    await expect.poll(async () => drawn('SaveOrder').getAttribute('class'), { timeout: 30_000 }).toContain('tm-selected');
    expect(await drawn('Orders').getAttribute('class')).not.toContain('tm-selected');
    await workbench.screenshot('preview-selection');
  });

  it('exports the diagram as SVG next to the model', async () => {
    await workbench.editor.click({ position: { x: 200, y: 10 } });
    await workbench.runCommand('tm: Export Diagram as SVG');
    // VS Code's own save dialog, proposing shop.svg beside shop.tm: accept it.
    const input = workbench.page.locator('.quick-input-widget input');
    await expect.poll(() => input.inputValue()).toMatch(/shop\.svg$/);
    await workbench.page.keyboard.press('Enter');
    const exported = join(workspace, 'shop.svg');
    // The file appears before its content is written: wait for the whole picture.
    await expect
      .poll(() => (existsSync(exported) ? readFileSync(exported, 'utf8') : ''), { timeout: 30_000 })
      .toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*<\/svg>\s*$/);
    const svg = readFileSync(exported, 'utf8');
    expect(svg).toContain('data-id="Worker"');
  });

  it('stays on its model while locked, and follows the editor again once unlocked', async () => {
    const page = workbench.page;
    writeFileSync(join(workspace, 'other.tm'), 'process Lonely "Lonely process"\n');
    const tab = (title: string) => page.locator('.tab', { hasText: title });
    await tab('Preview shop.tm').click();
    await workbench.runCommand('tm: Toggle Preview Locking');
    await tab('[Preview] shop.tm').waitFor();
    // Another model in the editor's group (the first), beside the preview.
    await page.locator('.editor-group-container').first().locator('.monaco-editor .view-lines').click();
    await workbench.openFile('other.tm');
    await workbench.screenshot('preview-locked');
    expect(await tab('[Preview] shop.tm').count()).toBe(1);
    expect(await preview.locator('#file-name').textContent()).toBe('shop.tm');
    expect(await drawn('Lonely').count()).toBe(0);

    await tab('[Preview] shop.tm').click();
    await workbench.runCommand('tm: Toggle Preview Locking');
    await tab('Preview shop.tm').waitFor();
    await page.locator('.editor-group-container').first().locator('.monaco-editor .view-lines').click();
    await tab('Preview other.tm').waitFor();
    await drawn('Lonely').waitFor({ timeout: DIAGRAM_TIMEOUT });
  });
});
