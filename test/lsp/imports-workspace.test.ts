// The language server with models across files (docs/language.md §12): a library is built when
// an importer needs it and never put away; an edit of a library re-checks the files that import
// it, open or not, and only those; deleting or renaming it gives a diagnostic at each import.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LangiumDocument } from 'langium';
import { DocumentState, TextDocument, URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TmLspServiceSet } from '../../server/lsp/tm-lsp-module.js';
import { createTmServices } from '../../server/lsp/tm-lsp-module.js';
import { modelOf } from '../../server/language/workspace/put-away-documents.js';
import { TODAY } from '../language/harness.js';

const SERVICES = 30;
const UNRELATED = 10;
const LIBRARY = 'boundary Platform { process Login  store Users }\nflow Check: Login -> Users';

let folder: string;
let services: TmLspServiceSet;

const libraryUri = () => URI.file(join(folder, 'platform', 'idp.tm'));
const serviceUri = (i: number) => URI.file(join(folder, 'services', `svc-${i}.tm`));
const unrelatedUri = (i: number) => URI.file(join(folder, `other-${i}.tm`));
const documentOf = (uri: URI): LangiumDocument => services.shared.workspace.LangiumDocuments.getDocument(uri)!;
const codesOf = (uri: URI): string[] => (documentOf(uri).diagnostics ?? []).map(diagnostic => String(diagnostic.code));

/** The URIs validated by an update of `changed` and `deleted`. */
async function update(changed: URI[], deleted: URI[] = []): Promise<Set<string>> {
  const validated = new Set<string>();
  const listener = services.shared.workspace.DocumentBuilder.onDocumentPhase(DocumentState.Validated, document => { validated.add(document.uri.toString()); });
  await services.shared.workspace.DocumentBuilder.update(changed, deleted);
  listener.dispose();
  return validated;
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'tm-imports-'));
  mkdirSync(join(folder, 'platform'));
  mkdirSync(join(folder, 'services'));
  writeFileSync(libraryUri().fsPath, LIBRARY);
  for (let i = 0; i < SERVICES; i++) writeFileSync(serviceUri(i).fsPath, `import "../platform/idp.tm" as Idp\nexternal U${i}\nflow F${i}: U${i} -> Idp.Login\n`);
  for (let i = 0; i < UNRELATED; i++) writeFileSync(unrelatedUri(i).fsPath, `external U\nprocess Api\nflow F: U -> Api\n`);
  services = createTmServices(NodeFileSystem);
  services.Tm.settings.update({ today: TODAY });
  services.shared.workspace.DocumentBuilder.putsAwayClosedDocuments = true;
  const { WorkspaceManager } = services.shared.workspace;
  WorkspaceManager.initialize({ processId: null, rootUri: null, capabilities: {}, workspaceFolders: [{ uri: pathToFileURL(folder).toString(), name: 'models' }] });
  await WorkspaceManager.initialized({});
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('a library in the language server', () => {
  it('at start every service links to the library, closed files are put away and the library is kept', () => {
    for (let i = 0; i < SERVICES; i++) {
      expect(codesOf(serviceUri(i))).not.toContain('unresolved-reference');
      expect(modelOf(documentOf(serviceUri(i)))).toBeUndefined();
    }
    expect(modelOf(documentOf(libraryUri()))).toBeDefined();
    // Login is touched by the services' flows, Users by the library's own.
    expect(codesOf(libraryUri())).not.toContain('orphan-element');
  });

  it('an edit of the library re-checks the library and its importers, and only those, closed ones included', async () => {
    writeFileSync(libraryUri().fsPath, LIBRARY.replaceAll('Login', 'SignIn'));
    const validated = await update([libraryUri()]);
    const expected = new Set([libraryUri().toString(), ...Array.from({ length: SERVICES }, (_, i) => serviceUri(i).toString())]);
    expect(validated).toEqual(expected);
    for (let i = 0; i < SERVICES; i++) expect(codesOf(serviceUri(i))).toContain('unresolved-reference');
    for (let i = 0; i < UNRELATED; i++) expect(validated.has(unrelatedUri(i).toString())).toBe(false);
  });

  it('opening the library in an editor, its text unchanged, re-checks no importer', async () => {
    const { TextDocuments } = services.shared.workspace;
    const text = documentOf(libraryUri()).textDocument.getText();
    TextDocuments.set(TextDocument.create(libraryUri().toString(), 'tm', 1, text));
    try {
      expect([...await update([libraryUri()])]).toEqual([libraryUri().toString()]);
    } finally {
      TextDocuments.delete(libraryUri());
    }
  });

  it('an edit of a service re-checks that service, and the library only when what its flows touch there changed', async () => {
    writeFileSync(serviceUri(0).fsPath, 'import "../platform/idp.tm" as Idp\nexternal U0\nflow F0: U0 -> Idp.SignIn\n');
    // SignIn is now touched from an importer: the library's orphan-element is judged again.
    expect([...await update([serviceUri(0)])].sort()).toEqual([libraryUri().toString(), serviceUri(0).toString()].sort());
    expect(codesOf(serviceUri(0))).not.toContain('unresolved-reference');
    writeFileSync(serviceUri(0).fsPath, 'import "../platform/idp.tm" as Idp\nexternal U0 "user"\nflow F0: U0 -> Idp.SignIn\n');
    expect([...await update([serviceUri(0)])]).toEqual([serviceUri(0).toString()]);
  });

  it('deleting the library gives missing-import at each import; creating it again repairs them', async () => {
    rmSync(libraryUri().fsPath);
    await update([], [libraryUri()]);
    for (let i = 0; i < SERVICES; i++) expect(codesOf(serviceUri(i))).toContain('missing-import');
    writeFileSync(libraryUri().fsPath, LIBRARY);
    await update([libraryUri()]);
    for (let i = 1; i < SERVICES; i++) expect(codesOf(serviceUri(i))).toEqual(expect.not.arrayContaining(['missing-import', 'unresolved-reference']));
  });

  it('an importer put away is parsed again from the text it kept, not read again from its file', async () => {
    const file = serviceUri(5).fsPath;
    const text = readFileSync(file, 'utf8');
    // Written behind the server's back: no change is reported for it.
    writeFileSync(file, 'process {');
    try {
      writeFileSync(libraryUri().fsPath, `${LIBRARY}\n`);
      expect(await update([libraryUri()])).toContain(serviceUri(5).toString());
      expect(codesOf(serviceUri(5))).not.toContain('syntax-error');
    } finally {
      writeFileSync(file, text);
    }
  });

  it('find references of a library element reaches every importer, put away or not; rename keeps each qualifier', async () => {
    const library = documentOf(libraryUri());
    const position = library.textDocument.positionAt(library.textDocument.getText().indexOf('Login'));
    const at = { textDocument: { uri: libraryUri().toString() }, position };
    const locations = await services.Tm.lsp.ReferencesProvider!.findReferences(library, { ...at, context: { includeDeclaration: false } });
    const files = new Set(locations.map(location => location.uri));
    // Service 0 names SignIn, which the library no longer declares.
    for (let i = 1; i < SERVICES; i++) expect(files.has(serviceUri(i).toString())).toBe(true);
    expect(files.has(libraryUri().toString())).toBe(true);
    expect(locations).toHaveLength(SERVICES - 1 + 1);
    const edit = await services.Tm.lsp.RenameProvider!.rename(library, { ...at, newName: 'SignOn' });
    const service = edit?.changes?.[serviceUri(1).toString()];
    expect(service).toEqual([{ range: { start: { line: 2, character: 15 }, end: { line: 2, character: 24 } }, newText: 'Idp.SignOn' }]);
    expect(edit?.changes?.[libraryUri().toString()]?.map(change => change.newText)).toEqual(['SignOn', 'SignOn']);
  });
});
