// The preview's pure parts: the manifest entries that reach it, the page's security policy and
// which part of the picture the cursor is on.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { previewHtml } from '../../client/preview/html.js';
import { PREVIEW_VIEW_TYPE, PreviewCommands } from '../../client/preview/ids.js';
import { idsAtPosition, locationOf } from '../../client/preview/selection.js';
import { graphOf } from './diagram-helpers.js';

const manifest = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8'));

describe('the preview in the manifest', () => {
  it('activates on its panel, so the serializer can restore it after a reload', () => {
    expect(manifest.activationEvents).toContain(`onWebviewPanel:${PREVIEW_VIEW_TYPE}`);
  });

  it('contributes its commands, the title-bar button and Markdown-like keys for tm editors only', () => {
    const commands = manifest.contributes.commands.map((command: { command: string }) => command.command);
    expect(commands).toEqual(expect.arrayContaining(Object.values(PreviewCommands)));
    expect(manifest.contributes.menus['editor/title']).toContainEqual(expect.objectContaining({ command: PreviewCommands.openToSide, when: 'editorLangId == tm' }));
    expect(manifest.contributes.keybindings).toEqual(expect.arrayContaining([
      expect.objectContaining({ command: PreviewCommands.open, key: 'ctrl+shift+v', when: 'editorLangId == tm' }),
      expect.objectContaining({ command: PreviewCommands.openToSide, key: 'ctrl+k v', when: 'editorLangId == tm' }),
    ]));
  });
});

describe('previewHtml', () => {
  const html = previewHtml({ cspSource: 'https://res.test', scriptUri: 'https://res.test/out/webview.js', styleUri: 'https://res.test/out/webview.css', nonce: 'n0nce' });

  it('allows only the nonce-tagged script and the extension\'s own styles and images', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)![1];
    expect(csp.split('; ')).toEqual(["default-src 'none'", 'img-src https://res.test', 'style-src https://res.test', "script-src 'nonce-n0nce'"]);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain('<script nonce="n0nce" src="https://res.test/out/webview.js"></script>');
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
