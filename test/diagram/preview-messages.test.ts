// What crosses between the extension and the preview's page is checked on arrival: the
// extension takes only the replies of server/protocol.ts, the page only the messages, and a
// restored panel opens only a `.tm` file of the workspace, whatever its saved state says.
import { describe, expect, it } from 'vitest';
import { checkMessage, checkReply, checkState, importedModelUri, isRestorableModel } from '../../client/preview/messages.js';
import { graphOf } from './diagram-helpers.js';

describe('replies from the page', () => {
  it('accepts ready and reveal, exactly as declared', () => {
    expect(checkReply({ type: 'ready' })).toEqual({ ok: true, value: { type: 'ready' } });
    expect(checkReply({ type: 'reveal', id: 'Api' })).toEqual({ ok: true, value: { type: 'reveal', id: 'Api' } });
  });

  it('refuses anything else, saying why', () => {
    const malformed: unknown[] = [
      undefined, null, 'ready', 42, [], ['ready'],
      { type: 'open', uri: 'file:///etc/passwd' },
      { type: 'reveal' }, { type: 'reveal', id: 7 }, { type: 'reveal', id: '' }, { type: 'reveal', id: 'x'.repeat(5_000) },
      { type: 'reveal', id: 'Api', command: 'workbench.action.terminal.new' },
      { type: 'ready', extra: true },
      { type: { toString: () => 'ready' } },
      Object.create({ type: 'ready' }),
    ];
    for (const message of malformed) {
      const checked = checkReply(message);
      expect(checked.ok, JSON.stringify(message)).toBe(false);
      if (!checked.ok) expect(checked.reason.length).toBeLessThan(100);
    }
  });
});

describe('messages to the page', () => {
  it('accepts the four declared messages', async () => {
    const graph = await graphOf('process A');
    for (const message of [
      { type: 'graph', uri: 'file:///a.tm', fileName: 'a.tm', graph },
      { type: 'unavailable', uri: 'file:///a.tm', fileName: 'a.tm', reason: 'no answer' },
      { type: 'select', ids: ['A'] },
      { type: 'lock', locked: true },
    ]) expect(checkMessage(message)).toEqual({ ok: true, value: message });
  });

  it('refuses malformed ones', () => {
    for (const message of [
      null, { type: 'graph', uri: 'file:///a.tm', fileName: 'a.tm', graph: { nodes: 'many' } }, { type: 'graph', uri: 1 },
      { type: 'select', ids: 'A' }, { type: 'select', ids: [1] }, { type: 'lock', locked: 'yes' }, { type: 'run', code: 'alert(1)' },
    ]) expect(checkMessage(message).ok, JSON.stringify(message)).toBe(false);
  });
});

describe('the saved state of a panel', () => {
  it('keeps the well-formed fields and drops the others', () => {
    expect(checkState({ uri: 'file:///w/a.tm', locked: true, showMarkers: false, showLabels: true, collapsed: ['Shop'], focusHops: 2 }))
      .toEqual({ uri: 'file:///w/a.tm', locked: true, showMarkers: false, showLabels: true, collapsed: ['Shop'], focusHops: 2 });
    expect(checkState({ uri: 42, locked: 'yes', showMarkers: 'no', collapsed: [{}], focusHops: 1e9, script: 'alert(1)' }))
      .toEqual({ showMarkers: true, showLabels: true });
    expect(checkState(undefined)).toBeUndefined();
    expect(checkState('file:///w/a.tm')).toBeUndefined();
  });
});

describe('which model a restored preview may open', () => {
  const workspace = [{ scheme: 'file', path: '/home/me/project' }];
  const file = (path: string) => ({ scheme: 'file', path });

  it('a .tm file inside a workspace folder', () => {
    expect(isRestorableModel(file('/home/me/project/models/shop.tm'), workspace)).toBe(true);
    expect(isRestorableModel(file('/home/me/project/SHOP.TM'), workspace)).toBe(true);
  });

  it('nothing else: other schemes, other files, files outside the workspace, no workspace', () => {
    for (const uri of [
      { scheme: 'https', path: '/evil.test/shop.tm' },
      { scheme: 'vscode-remote', path: '/home/me/project/shop.tm' },
      { scheme: 'untitled', path: 'Untitled-1.tm' },
      { scheme: 'command', path: 'workbench.action.terminal.new' },
      file('/home/me/project/.env'),
      file('/home/me/project/shop.tm.js'),
      file('/home/me/projectile/shop.tm'),
      file('/etc/shop.tm'),
      file('/home/me/project/../other/shop.tm'),
    ]) expect(isRestorableModel(uri, workspace), `${uri.scheme}:${uri.path}`).toBe(false);
    expect(isRestorableModel(file('/home/me/project/shop.tm'), [])).toBe(false);
  });
});

describe('the file a click on an imported declaration opens', () => {
  const file = (path: string) => ({ scheme: 'file', path });
  const workspace = [file('/home/me/project')];
  const model = file('/home/me/project/services/orders.tm');

  it('is the imported file, resolved against the model, inside the workspace', () => {
    expect(importedModelUri(model, '../platform/idp.tm', workspace)).toEqual(file('/home/me/project/platform/idp.tm'));
    expect(importedModelUri(model, 'shared/./bus.tm', workspace)).toEqual(file('/home/me/project/services/shared/bus.tm'));
    expect(importedModelUri(model, 'gateway.tm', workspace)).toEqual(file('/home/me/project/services/gateway.tm'));
  });

  it('is nothing when the graph names a file outside the workspace, not a model, absolute, or of another scheme', () => {
    for (const importedFrom of [
      '../../outside.tm', '../../../../../../etc/passwd.tm', '../platform/idp.tm.js', '../.env', '/home/me/project/platform/idp.tm',
      'command:workbench.action.terminal.new', 'https://evil.test/x.tm', '..\\platform\\idp.tm',
    ]) expect(importedModelUri(model, importedFrom, workspace), importedFrom).toBeUndefined();
    expect(importedModelUri({ scheme: 'untitled', path: '/home/me/project/a.tm' }, 'b.tm', workspace)).toBeUndefined();
    expect(importedModelUri(model, '../platform/idp.tm', [])).toBeUndefined();
  });
});
