// The live DFD preview in a real VS Code: opened from the command palette beside the model, it
// redraws as the user types, a click in the picture selects the declaration in the editor, the
// editor's cursor highlights the element in the picture, and a locked preview stays on its model.
// A 50-element model opens at a readable zoom on the element under the cursor, and its
// boundaries collapse and expand, the focus view follows the cursor and find brings a match
// into view.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/code-server.mjs';
import { syntheticModel, toTmText } from '../../bench/synthetic-model.js';
import { READABLE_TEXT_PX } from '../../client/webview/viewport.js';
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

/** How tall the diagram's 12 px text is on screen, in CSS pixels. */
function textPixels(): Promise<number> {
  return preview.locator('#canvas svg').evaluate(svg => (svg as SVGSVGElement).getScreenCTM()!.a * 12);
}

/** Whether an element's shape lies wholly inside the preview's canvas. */
async function onCanvas(id: string): Promise<boolean> {
  const canvas = (await preview.locator('#canvas').boundingBox())!;
  const box = (await drawn(id).locator('[data-shape]').boundingBox())!;
  return box.x >= canvas.x && box.x + box.width <= canvas.x + canvas.width && box.y >= canvas.y && box.y + box.height <= canvas.y + canvas.height;
}

/** The ids of the elements drawn (a collapsed boundary's box included). */
function drawnElements(): Promise<string[]> {
  return preview.locator('#canvas .tm-nodes > [data-id]').evaluateAll(items => items.map(item => (item as SVGGElement).dataset.id!));
}

/** Waits until elk's picture has replaced the quick first one. */
async function laidOut(): Promise<void> {
  await preview.locator('#arranging').waitFor({ state: 'hidden', timeout: DIAGRAM_TIMEOUT });
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
    await laidOut();
    // Readable as it opens; Fit shows the whole picture on the canvas, clear of the threat panel.
    expect(await textPixels()).toBeGreaterThanOrEqual(READABLE_TEXT_PX);
    await preview.locator('#fit').click();
    for (const id of ['Customer', 'Api', 'Orders']) expect(await onCanvas(id), id).toBe(true);
    await workbench.screenshot('preview-open');
    // The click on Fit left the preview's group active: back to the model.
    await page.locator('.editor-group-container').first().locator('.tab', { hasText: 'shop.tm' }).click();
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

  describe('with a 50-element model', () => {
    const text = toTmText(syntheticModel(50, 'Fifty elements'));
    const lines = text.split('\n');
    /** 1-based line and column of a declaration's name. */
    const declaration = (keyword: string, name: string) => {
      const line = lines.findIndex(each => new RegExp(`^\\s*${keyword} ${name}\\b`).test(each));
      return { line: line + 1, column: lines[line].indexOf(name) + 1 };
    };

    it('opens at a readable zoom on the element under the cursor', async () => {
      writeFileSync(join(workspace, 'fifty.tm'), text);
      await workbench.page.locator('.editor-group-container').first().locator('.monaco-editor .view-lines').click();
      await workbench.openFile('fifty.tm');
      const p27 = declaration('process', 'P27');
      await workbench.goTo(p27.line, p27.column);
      await workbench.page.locator('.tab', { hasText: 'Preview fifty.tm' }).waitFor({ timeout: DIAGRAM_TIMEOUT });
      await drawn('P27').waitFor({ timeout: DIAGRAM_TIMEOUT });
      await laidOut();
      expect(await drawnElements()).toHaveLength(50);
      await expect.poll(() => drawn('P27').getAttribute('class'), { timeout: 30_000 }).toContain('tm-selected');
      expect(await textPixels()).toBeGreaterThanOrEqual(READABLE_TEXT_PX);
      expect(await onCanvas('P27')).toBe(true);
      await workbench.screenshot('preview-fifty-readable');
    });

    it('collapses every boundary from the toolbar and expands one with a click', async () => {
      await preview.locator('#collapse-all').click();
      const zone = preview.locator('#canvas .tm-nodes > [data-id="Zone0"].tm-collapsed');
      await zone.waitFor();
      await laidOut();
      const collapsed = await drawnElements();
      expect(collapsed.length).toBeLessThan(50);
      expect(collapsed).not.toContain('P27');
      expect(await zone.locator('text').first().textContent()).toMatch(/^Zone Zone0 \(\d+ elements/);
      await workbench.screenshot('preview-fifty-collapsed');
      await preview.locator('#fit').click();
      await zone.click();
      await drawn('P12').waitFor();
      expect(await preview.locator('#canvas .tm-nodes > [data-id="Zone0"]').count()).toBe(0);
      await preview.locator('#expand-all').click();
      await expect.poll(async () => (await drawnElements()).length).toBe(50);
      await laidOut();
    });

    it('shows the neighbourhood of the element under the cursor in the focus view, following the cursor', async () => {
      await preview.locator('#focus').check();
      await expect.poll(async () => (await drawnElements()).length).toBeLessThan(50);
      const around27 = await drawnElements();
      expect(around27).toContain('P27');
      await workbench.page.locator('.editor-group-container').first().locator('.tab', { hasText: 'fifty.tm' }).click();
      const s40 = declaration('store', 'S40');
      await workbench.goTo(s40.line, s40.column);
      await expect.poll(drawnElements, { timeout: 30_000 }).toContain('S40');
      expect(await drawnElements()).not.toEqual(around27);
      expect((await drawnElements()).length).toBeLessThan(50);
      await laidOut();
      await workbench.screenshot('preview-fifty-focus');
      await preview.locator('#focus').uncheck();
      await expect.poll(async () => (await drawnElements()).length).toBe(50);
      await laidOut();
    });

    it('finds an element by name and shows it at a readable size', async () => {
      await preview.locator('#fit').click();
      await preview.locator('#find').fill('e44');
      await preview.locator('#find').press('Enter');
      await expect.poll(() => drawn('E44').getAttribute('class')).toContain('tm-found');
      expect(await preview.locator('#find-count').textContent()).toBe('1 of 1');
      await expect.poll(textPixels).toBeGreaterThanOrEqual(READABLE_TEXT_PX);
      expect(await onCanvas('E44')).toBe(true);
      await workbench.screenshot('preview-fifty-find');
    });
  });
});
