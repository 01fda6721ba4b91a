// The preview's pure parts: the manifest entries that reach it, the page's security policy,
// which part of the picture the cursor is on, and which preview follows the editor.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { previewHtml } from '../../client/preview/html.js';
import { PREVIEW_VIEW_TYPE, PreviewCommands } from '../../client/preview/ids.js';
import type { PreviewTarget } from '../../client/preview/locking.js';
import { followsEditor, previewTitle, redundantPreviews, reusablePreview } from '../../client/preview/locking.js';
import { idsAtPosition, locationOf } from '../../client/preview/selection.js';
import { graphOf } from './diagram-helpers.js';

interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: Array<{ command: string; title: string }>;
    menus: Record<string, Array<{ command: string; when?: string }>>;
    keybindings: Array<{ command: string; key: string; when?: string }>;
  };
}

const manifest = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as Manifest;

describe('the preview in the manifest', () => {
  it('activates on its panel, so the serializer can restore it after a reload', () => {
    expect(manifest.activationEvents).toContain(`onWebviewPanel:${PREVIEW_VIEW_TYPE}`);
  });

  it('contributes its commands, the title-bar button and Markdown-like keys for tm editors only', () => {
    const commands = manifest.contributes.commands.map(command => command.command);
    expect(commands).toEqual(expect.arrayContaining(Object.values(PreviewCommands)));
    expect(manifest.contributes.menus['editor/title']).toContainEqual(expect.objectContaining({ command: PreviewCommands.openToSide, when: 'editorLangId == tm' }));
    expect(manifest.contributes.keybindings).toEqual(expect.arrayContaining([
      expect.objectContaining({ command: PreviewCommands.open, key: 'ctrl+shift+v', when: 'editorLangId == tm' }),
      expect.objectContaining({ command: PreviewCommands.openToSide, key: 'ctrl+k v', when: 'editorLangId == tm' }),
    ]));
  });

  it('offers locking in the focused preview\'s title menu and palette, as the Markdown preview does', () => {
    const titled = (id: string) => manifest.contributes.commands.find(command => command.command === id)?.title;
    expect(titled(PreviewCommands.toggleLock)).toBe('Toggle Preview Locking');
    expect(titled(PreviewCommands.openLockedToSide)).toBe('Open Locked Preview to the Side');
    const previewFocused = `activeWebviewPanelId == '${PREVIEW_VIEW_TYPE}'`;
    expect(manifest.contributes.menus['editor/title']).toContainEqual(expect.objectContaining({ command: PreviewCommands.toggleLock, when: previewFocused }));
    expect(manifest.contributes.menus.commandPalette).toEqual(expect.arrayContaining([
      { command: PreviewCommands.toggleLock, when: previewFocused },
      { command: PreviewCommands.openLockedToSide, when: 'editorLangId == tm' },
    ]));
  });
});

describe('locked previews', () => {
  const shop = 'file:///w/shop.tm';
  const payments = 'file:///w/payments.tm';
  const following: PreviewTarget = { uri: shop, locked: false };
  const lockedToShop: PreviewTarget = { uri: shop, locked: true };
  const lockedToPayments: PreviewTarget = { uri: payments, locked: true };

  it('says in the title whether the preview is locked, in the Markdown preview\'s words', () => {
    expect(previewTitle('shop.tm', false)).toBe('Preview shop.tm');
    expect(previewTitle('shop.tm', true)).toBe('[Preview] shop.tm');
  });

  it('moves a following preview to another model\'s editor, never a locked one', () => {
    expect(followsEditor(following, { uri: payments, languageId: 'tm' })).toBe(true);
    expect(followsEditor(following, { uri: shop, languageId: 'tm' })).toBe(false);
    expect(followsEditor(following, { uri: 'file:///w/notes.md', languageId: 'markdown' })).toBe(false);
    expect(followsEditor(lockedToShop, { uri: payments, languageId: 'tm' })).toBe(false);
    expect(followsEditor({ uri: undefined, locked: false }, { uri: shop, languageId: 'tm' })).toBe(true);
  });

  it('reuses the following preview for Open Preview, and a model\'s locked preview for Open Locked Preview', () => {
    const open = [lockedToShop, following, lockedToPayments];
    expect(reusablePreview(open, { uri: payments, locked: false })).toBe(following);
    expect(reusablePreview(open, { uri: payments, locked: true })).toBe(lockedToPayments);
    expect(reusablePreview(open, { uri: 'file:///w/other.tm', locked: true })).toBeUndefined();
    expect(reusablePreview([lockedToShop], { uri: shop, locked: false })).toBeUndefined();
  });

  it('closes what a toggled or restored preview duplicates: a second following one, a second locked to the same model', () => {
    const secondFollowing: PreviewTarget = { uri: payments, locked: false };
    expect(redundantPreviews([following, secondFollowing, lockedToShop], secondFollowing)).toEqual([following]);
    const secondLockedToShop: PreviewTarget = { uri: shop, locked: true };
    expect(redundantPreviews([lockedToShop, secondLockedToShop, following, lockedToPayments], secondLockedToShop)).toEqual([lockedToShop]);
    expect(redundantPreviews([following, lockedToShop, lockedToPayments], lockedToShop)).toEqual([]);
  });
});

describe('previewHtml', () => {
  const html = previewHtml({
    cspSource: 'https://res.test', scriptUri: 'https://res.test/out/webview.js', styleUri: 'https://res.test/out/webview.css',
    layoutWorkerUri: 'https://res.test/out/layout-worker.js', nonce: 'n0nce',
  });

  it('allows only the nonce-tagged script, the extension\'s own files, and a worker the script starts from a blob', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)![1];
    expect(csp.split('; ')).toEqual([
      "default-src 'none'", 'img-src https://res.test', 'style-src https://res.test', "script-src 'nonce-n0nce'",
      'connect-src https://res.test', 'worker-src blob:',
    ]);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain('<script nonce="n0nce" src="https://res.test/out/webview.js" data-layout-worker="https://res.test/out/layout-worker.js"></script>');
    expect(html).not.toMatch(/style="/);
  });
});

describe('idsAtPosition', () => {
  const text = [
    'boundary Shop {',         // 0
    '  process Api',           // 1
    '  store Db',              // 2
    '}',                       // 3
    'flow Save: Api -> Db',    // 4
    'threat T { on Api, Save', // 5
    '}',                       // 6
  ].join('\n');

  it('names the innermost declaration under the cursor; a threat names its targets', async () => {
    const graph = await graphOf(text);
    expect(idsAtPosition(graph, { line: 1, character: 12 })).toEqual(['Api']);
    expect(idsAtPosition(graph, { line: 0, character: 3 })).toEqual(['Shop']);
    expect(idsAtPosition(graph, { line: 3, character: 0 })).toEqual(['Shop']);
    expect(idsAtPosition(graph, { line: 4, character: 8 })).toEqual(['Save']);
    expect(idsAtPosition(graph, { line: 6, character: 0 })).toEqual(['Api', 'Save']);
  });

  it('never names what an imported file declares: its ranges are in that file, not under the editor\'s cursor', async () => {
    const graph = await graphOf(text);
    const imported = { ...graph, nodes: graph.nodes.map(node => node.id === 'Api' ? { ...node, importedFrom: '../lib.tm' } : node) };
    expect(idsAtPosition(imported, { line: 1, character: 12 })).toEqual(['Shop']);
    expect(locationOf(imported, 'Api')).toMatchObject({ importedFrom: '../lib.tm' });
  });

  it('names nothing between declarations', async () => {
    expect(idsAtPosition(await graphOf(`${text}\n\n`), { line: 7, character: 0 })).toEqual([]);
  });

  it('finds where an id is declared, its name selected', async () => {
    const graph = await graphOf(text);
    expect(locationOf(graph, 'Db')!.selectionRange).toEqual({ start: { line: 2, character: 8 }, end: { line: 2, character: 10 } });
    expect(locationOf(graph, 'T')!.selectionRange.start).toEqual({ line: 5, character: 7 });
    expect(locationOf(graph, 'Nope')).toBeUndefined();
  });
});
