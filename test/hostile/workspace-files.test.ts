// The language server on a cloned repository's files that no editor has open: a huge file, a
// link out of the workspace, a FIFO. None is read whole, none blocks, each gets one diagnostic.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LangiumDocument } from 'langium';
import { URI } from 'langium';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { TmFileSystemProvider } from '../../server/language/tm-file-system.js';
import type { TmSharedServices } from '../../server/language/tm-module.js';
import { createTmServices } from '../../server/lsp/tm-lsp-module.js';

let outside: string;
let workspace: string;
const { shared } = createTmServices({ fileSystemProvider: services => new TmFileSystemProvider(services as TmSharedServices) });

beforeAll(async () => {
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-outside-'));
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-workspace-'));
  fs.writeFileSync(path.join(outside, 'secret.tm'), 'process Secret\n');
  fs.writeFileSync(path.join(workspace, 'model.tm'), 'external U\nprocess Api\nflow F: U -> Api\n');
  // 700 MB of zeros, sparse on disk: read whole, it is a string V8 cannot hold.
  fs.closeSync(fs.openSync(path.join(workspace, 'huge.tm'), 'w'));
  fs.truncateSync(path.join(workspace, 'huge.tm'), 700 * 1024 * 1024);
  fs.symlinkSync(path.join(outside, 'secret.tm'), path.join(workspace, 'link.tm'));
  fs.symlinkSync('model.tm', path.join(workspace, 'inside.tm'));
  execFileSync('mkfifo', [path.join(workspace, 'pipe.tm')]);
  fs.mkdirSync(path.join(workspace, 'folder.tm'));
  // Every hostile file imported (docs/language.md §12): a diagnostic at each import, nothing read.
  fs.writeFileSync(path.join(workspace, 'importer.tm'), ['huge', 'link', 'pipe', 'folder', 'Model', 'gone'].map(name => `import "${name}.tm"`).join('\n') + '\nprocess Api\n');
  // As the server starts: the client's folders at `initialize`, the workspace loaded at `initialized`.
  const workspaceManager = shared.workspace.WorkspaceManager;
  workspaceManager.initialize({ processId: null, rootUri: null, capabilities: {}, workspaceFolders: [{ uri: URI.file(workspace).toString(), name: 'workspace' }] });
  await workspaceManager.initialized({});
});
afterAll(() => {
  fs.rmSync(workspace, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

async function built(name: string): Promise<LangiumDocument> {
  const uri = URI.file(path.join(workspace, name));
  const documents = shared.workspace.LangiumDocuments;
  const document = documents.getDocument(uri) ?? await documents.getOrCreateDocument(uri);
  await shared.workspace.DocumentBuilder.build([document], { validation: true });
  return document;
}

function summary(document: LangiumDocument): Array<{ code: unknown; message: string }> {
  return (document.diagnostics ?? []).map(diagnostic => ({ code: diagnostic.code, message: diagnostic.message as string }));
}

test('a 700 MB file in the workspace is not read: one file-too-large diagnostic, and the other files are checked', async () => {
  const huge = await built('huge.tm');
  expect(huge.textDocument.getText()).toBe('');
  expect(summary(huge)).toEqual([{ code: 'file-too-large', message: expect.stringMatching(/^This file is 700\.0 MB, over the 10 MB limit/) }]);
  expect(summary(await built('model.tm')).map(d => d.code)).not.toContain('file-too-large');
});

test('a link that leaves the workspace folder is not followed, and says so', async () => {
  const link = await built('link.tm');
  expect(link.textDocument.getText()).toBe('');
  expect(summary(link)).toEqual([{ code: 'unreadable-file', message: expect.stringMatching(/^tm did not read this file: a symbolic link to .*secret\.tm, outside .*: tm does not follow links that leave the folder it checks\.$/) }]);
});

test('a link inside the workspace folder is read', async () => {
  expect((await built('inside.tm')).textDocument.getText()).toBe('external U\nprocess Api\nflow F: U -> Api\n');
});

test('a FIFO is not opened for a blocking read', async () => {
  const pipe = await built('pipe.tm');
  expect(summary(pipe)).toEqual([{ code: 'unreadable-file', message: 'tm did not read this file: not a regular file (a pipe, socket or device).' }]);
});

test('imports of hostile files: a diagnostic at each import, none read, no hang', async () => {
  const importer = await built('importer.tm');
  const atImports = (importer.diagnostics ?? []).filter(diagnostic => /-import$/.test(String(diagnostic.code)))
    .map(diagnostic => `${diagnostic.range.start.line} ${String(diagnostic.code)} ${diagnostic.message as string}`);
  expect(atImports).toEqual([
    expect.stringMatching(/^0 missing-import "huge\.tm" was not read: This file is 700\.0 MB, over the 10 MB limit, .*; the import brings in nothing\.$/),
    expect.stringMatching(/^1 invalid-import "link\.tm" is a symbolic link to .*secret\.tm, outside the workspace root: tm reads no file outside it\.$/),
    '2 missing-import "pipe.tm" is not a regular file (a pipe, socket or device): the import brings in nothing.',
    '3 missing-import "folder.tm" is a directory: the import brings in nothing.',
    expect.stringMatching(/^4 invalid-import "Model\.tm" differs only in case from model\.tm on disk/),
    '5 missing-import "gone.tm" does not exist: the import brings in nothing.',
  ]);
});
