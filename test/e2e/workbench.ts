// A page object for the VS Code workbench served by code-server, driven with playwright-core
// through Debian's Chromium. Every method acts as a user would (keyboard, mouse) and waits on
// what the user would see; none sleeps.
import { copyFileSync, cpSync, mkdirSync, statSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import { projectRoot, startCodeServer } from '../../scripts/code-server.mjs';
import type { RunningCodeServer } from '../../scripts/code-server.mjs';

export const CHROMIUM = '/usr/bin/chromium';

/** Flags measured in ../shared/notes/vscode-e2e.md: no sandbox as root, no GPU, no network chatter. */
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Long enough for a loaded two-core machine; they only catch hangs. */
const UI_TIMEOUT = 30_000;
const LANGUAGE_SERVER_TIMEOUT = 90_000;

export interface Problem {
  severity: 'error' | 'warning' | 'info';
  message: string;
  code: string;
  /** `[Ln 7, Col 10]` as shown. */
  location: string;
}

export class Workbench {
  private shots = 0;

  private constructor(
    readonly page: Page,
    private readonly closeBrowser: () => Promise<void>,
    private readonly screenshotDir: string,
  ) {}

  static async open(url: string, screenshotDir: string): Promise<Workbench> {
    mkdirSync(screenshotDir, { recursive: true });
    const { page, close } = await launchChromium();
    await page.goto(url, { waitUntil: 'commit' });
    await page.locator('.monaco-workbench .part.editor').waitFor({ timeout: LANGUAGE_SERVER_TIMEOUT });
    return new Workbench(page, close, screenshotDir);
  }

  async close(): Promise<void> {
    await this.closeBrowser();
  }

  /** Saves a numbered full-window screenshot; returns its path. */
  async screenshot(name: string): Promise<string> {
    const path = join(this.screenshotDir, `${String(++this.shots).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  // --- editor -------------------------------------------------------------------------------

  get editor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** Opens a file of the workspace folder from the Explorer, as a user would. */
  async openFile(name: string): Promise<void> {
    const explorer = this.page.locator('.explorer-folders-view');
    if (!(await explorer.isVisible())) await this.page.keyboard.press('Control+Shift+E');
    await explorer.locator('.monaco-list-row', { hasText: name }).first().click();
    // By the tab's file, not its text: a preview's tab ("Preview shop.tm") holds the name too.
    await this.page.locator(`.tab.active[data-resource-name="${name}"]`).waitFor();
    await this.editor.locator('.view-lines').waitFor();
    await this.editor.locator('.view-lines').click();
  }

  /** Opens a file of the workspace by its path with Quick Open (Ctrl+P), as a user would in a folder tree. */
  async quickOpen(relativePath: string): Promise<void> {
    const name = relativePath.split('/').pop()!;
    await this.page.keyboard.press('Control+P');
    await this.page.locator('.quick-input-widget input').fill(relativePath);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator(`.tab.active[data-resource-name="${name}"]`).waitFor();
    await this.editor.locator('.view-lines').waitFor();
  }

  /**
   * Moves the cursor with Go to Line (Ctrl+G), which also scrolls the line into view. The
   * picker answers "Open a text editor first" while a webview has the focus, so Enter waits
   * until it offers the line.
   */
  async goTo(line: number, column = 1): Promise<void> {
    // A webview that takes the focus as it redraws (the preview) closes the picker as it opens:
    // then it is opened again, a few times at most.
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('Control+G');
      try {
        await this.page.locator('.quick-input-widget input').fill(`:${line}:${column}`, { timeout: 5_000 });
        await this.page.locator('.quick-input-list .monaco-list-row', { hasText: `Go to line ${line}` }).waitFor({ timeout: 5_000 });
        break;
      } catch (error) {
        if (attempt === 4) throw error;
        await this.page.keyboard.press('Escape');
      }
    }
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await this.page.locator('#status\\.editor\\.selection', { hasText: `Ln ${line}, Col ${column}` }).waitFor();
  }

  /** The rendered editor line whose text matches (Monaco renders spaces as no-break spaces). */
  line(text: RegExp): Locator {
    return this.editor.locator('.view-line', { hasText: text });
  }

  /** Waits until the editor shows at least one squiggle of this severity. */
  async waitForSquiggles(severity: 'error' | 'warning' | 'info'): Promise<Locator> {
    const squiggles = this.editor.locator(`.squiggly-${severity}`);
    await squiggles.first().waitFor({ state: 'attached', timeout: LANGUAGE_SERVER_TIMEOUT });
    return squiggles;
  }

  /**
   * Hovers the mouse over a token of a line, and returns the text of the hover that shows.
   * Code lenses and inlay hints arriving from the server can move the text under a resting
   * mouse and cancel the hover, so the mouse moves away and back until a hover shows.
   */
  async hover(line: RegExp, token: string, attempts = 5): Promise<string> {
    const target = this.line(line).locator('span > span', { hasText: new RegExp(`^${escapeRegExp(token)}$`) }).first();
    // The hover first shows "Loading..." until the language server answers.
    const hover = this.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').filter({ hasNotText: /^\s*Loading/ }).first();
    for (let attempt = 1; ; attempt++) {
      await this.page.mouse.move(1, 1);
      await target.hover();
      try {
        await hover.waitFor({ state: 'visible', timeout: 10_000 });
        return (await hover.innerText()).trim();
      } catch (error) {
        if (attempt >= attempts) throw error;
      }
    }
  }

  async dismissHover(): Promise<void> {
    await this.page.mouse.move(1, 1);
    await this.page.keyboard.press('Escape');
    await this.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').waitFor({ state: 'detached' }).catch(() => undefined);
  }

  /** Triggers completion (Ctrl+Space) at the cursor; returns the labels of the suggestions. */
  async completionLabels(): Promise<string[]> {
    await this.page.keyboard.press('Control+Space');
    const rows = this.page.locator('.suggest-widget.visible .monaco-list-row');
    await rows.first().waitFor();
    // The widget first shows "Loading…" rows; the labels arrive together.
    await this.page.locator('.suggest-widget.visible .monaco-list-row .label-name').first().waitFor();
    return this.page.locator('.suggest-widget.visible .monaco-list-row .label-name').allInnerTexts();
  }

  async closeCompletion(): Promise<void> {
    if (!(await this.page.locator('.suggest-widget.visible').isVisible())) return;
    await this.page.keyboard.press('Escape');
    await this.page.locator('.suggest-widget.visible').waitFor({ state: 'detached' }).catch(() => undefined);
  }

  /**
   * Clicks the light bulb shown for the cursor's line and picks the action whose title
   * matches; returns the titles the menu offered.
   */
  async applyQuickFixFromLightBulb(title: RegExp): Promise<string[]> {
    const bulb = this.editor.locator('.lightBulbWidget');
    await bulb.waitFor({ state: 'visible' });
    await bulb.click();
    const actions = this.page.locator('.action-widget .monaco-list-row.action');
    await actions.first().waitFor();
    const titles = await actions.allInnerTexts();
    const action = actions.filter({ hasText: title }).first();
    // The menu lays an invisible pointer block over the page until the mouse first moves.
    const box = await action.boundingBox();
    if (box) await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await action.click();
    await this.page.locator('.action-widget').waitFor({ state: 'hidden' }).catch(() => undefined);
    return titles.map(text => text.trim());
  }

  /**
   * Runs a command from the palette (F1), choosing the entry with exactly this title (the filter
   * also lists longer titles that contain its words: "Open Locked Preview to the Side"). Right
   * after start-up the palette can open before the extension's commands are listed; then it is
   * closed and opened again until they are.
   */
  async runCommand(title: string): Promise<void> {
    const page = this.page;
    const entry = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name').getByText(title, { exact: true }) });
    await expect.poll(async () => {
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget input').fill(`>${title}`);
      const listed = await entry.waitFor({ timeout: 5_000 }).then(() => true, () => false);
      if (!listed) await page.keyboard.press('Escape');
      return listed;
    }, { timeout: 60_000 }).toBe(true);
    await entry.click();
  }

  async save(): Promise<void> {
    await this.page.keyboard.press('Control+S');
    await this.page.locator('.tab.active.dirty').waitFor({ state: 'detached' });
  }

  /** Sets a user setting with a drop-down in the Settings editor (Ctrl+,), then closes it. */
  async chooseSetting(id: string, value: string): Promise<void> {
    await this.page.keyboard.press('Control+Comma');
    await this.page.locator('.settings-editor .settings-header .monaco-editor').waitFor();
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.type(id);
    const item = this.page.locator(`.settings-editor .setting-item[data-key="${id}"], .settings-editor .setting-item:has(.setting-item-contents[data-key="${id}"])`).first();
    await item.locator('select').selectOption(value);
    await this.page.locator('.tab.active', { hasText: 'Settings' }).waitFor();
    await this.page.keyboard.press('Control+W');
    await this.page.locator('.tab', { hasText: 'Settings' }).waitFor({ state: 'detached' });
  }

  // --- Problems and status bar --------------------------------------------------------------

  async openProblems(): Promise<void> {
    if (await this.page.locator('.markers-panel').isVisible()) return;
    await this.page.keyboard.press('Control+Shift+M');
    await this.page.locator('.markers-panel').waitFor({ state: 'visible' });
  }

  /** The problems the Problems panel lists (it must be open). */
  async problems(): Promise<Problem[]> {
    const listed = await this.page.locator('.markers-panel .monaco-list-row .monaco-count-badge').allInnerTexts();
    const rows = this.page.locator('.markers-panel .monaco-list-row:has(.marker-message)');
    const problems: Problem[] = await rows.evaluateAll(elements =>
      elements.map(element => {
        const text = (selector: string) => element.querySelector(selector)?.textContent?.trim() ?? '';
        const icon = element.querySelector('.marker-icon');
        const severity = icon?.classList.contains('error') ? 'error' : icon?.classList.contains('warning') ? 'warning' : 'info';
        return { severity, message: text('.marker-message'), code: text('.marker-code'), location: text('.marker-line') };
      }),
    );
    // The list is virtualized: rows below the panel's fold are not rendered at all.
    const total = listed.reduce((sum, count) => sum + Number(count), 0);
    if (total !== problems.length) throw new Error(`Problems counts ${total} problems but shows ${problems.length} rows`);
    return problems;
  }

  /** A status-bar entry by its id (`publisher.name.id` for an extension's item). */
  statusItem(id: string): Locator {
    return this.page.locator(`.statusbar-item[id="${id}"]`);
  }
}

/** Headless Debian Chromium with a fresh profile and its HOME in a temporary folder; close() removes both. */
export async function launchChromium(): Promise<{ browser: Browser; page: Page; close: () => Promise<void> }> {
  const home = await mkdtemp(join(tmpdir(), 'tm-e2e-chromium-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    env: { ...process.env, HOME: home },
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 960 } });
  page.setDefaultTimeout(UI_TIMEOUT);
  const close = async () => {
    await browser.close();
    await rm(home, { recursive: true, force: true });
  };
  return { browser, page, close };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The log files of the extension hosts (and of the extensions' output channels), relative to the logs folder. */
export async function extensionHostLogFiles(userDataDir: string): Promise<string[]> {
  return (await readdir(join(userDataDir, 'logs'), { recursive: true })).filter(file => /exthost/i.test(file) && file.endsWith('.log')).sort();
}

/** The lines in which code-server's agent logs that an extension host process has exited. */
export async function extensionHostExits(userDataDir: string): Promise<string[]> {
  const logs = join(userDataDir, 'logs');
  const agentLogs = (await readdir(logs, { recursive: true })).filter(file => file.endsWith('remoteagent.log'));
  const texts = await Promise.all(agentLogs.map(file => readFile(join(logs, file), 'utf8')));
  return texts.flatMap(text => text.split('\n')).filter(line => /Extension Host Process exited/i.test(line));
}

/** The `[error]` lines of those logs, each prefixed with its file. */
export async function extensionHostErrors(userDataDir: string): Promise<string[]> {
  const errors: string[] = [];
  for (const file of await extensionHostLogFiles(userDataDir)) {
    const text = await readFile(join(userDataDir, 'logs', file), 'utf8');
    errors.push(...text.split('\n').filter(line => /\[error\]/i.test(line)).map(line => `${file}: ${line}`));
  }
  return errors;
}

export interface FixtureSession {
  server: RunningCodeServer;
  workbench: Workbench;
  /** The folder code-server has open, holding a copy of the fixture. */
  workspace: string;
  /** The copy of the fixture the editor shows. */
  modelPath: string;
}

export interface FixtureOptions {
  output: string;
  settings: Record<string, unknown>;
  /** A file or a folder of test/e2e/fixtures, copied into the workspace; `shop.tm` by default. */
  fixture?: string;
  /** The file opened first, relative to the workspace; the fixture file by default. */
  open?: string;
}

/**
 * One code-server with the packaged extension, a scratch folder holding a copy of the e2e
 * fixture opened in the editor, a screenshot of every failed step, and everything removed
 * afterwards. Registers the suite's hooks; the session is filled in before the first test.
 */
export function useFixtureSession(options: FixtureOptions): FixtureSession {
  const session = {} as FixtureSession;
  let scratch: string | undefined;
  beforeAll(async () => {
    const fixture = join(projectRoot, 'test', 'e2e', 'fixtures', options.fixture ?? 'shop.tm');
    const isFolder = statSync(fixture).isDirectory();
    const open = options.open ?? options.fixture ?? 'shop.tm';
    scratch = await mkdtemp(join(tmpdir(), 'tm-e2e-'));
    session.workspace = join(scratch, isFolder ? options.fixture! : 'shop');
    mkdirSync(session.workspace);
    session.modelPath = join(session.workspace, open);
    if (isFolder) cpSync(fixture, session.workspace, { recursive: true });
    else copyFileSync(fixture, session.modelPath);
    session.server = await startCodeServer({ vsix: inject('vsix'), folder: session.workspace, settings: options.settings });
    session.workbench = await Workbench.open(session.server.url, options.output);
    if (open.includes('/')) await session.workbench.quickOpen(open);
    else await session.workbench.openFile(open);
  });
  afterEach(async context => {
    if (context.task.result?.state === 'fail' && session.workbench) {
      await session.workbench.screenshot(`failed-${context.task.name.replace(/\W+/g, '-')}`).catch(() => undefined);
      // A picker a failed step left open would cover the workbench for the tests that follow.
      await session.workbench.page.keyboard.press('Escape').catch(() => undefined);
    }
  });
  afterAll(async () => {
    await session.workbench?.close();
    await session.server?.dispose(join(options.output, 'logs'));
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });
  return session;
}
