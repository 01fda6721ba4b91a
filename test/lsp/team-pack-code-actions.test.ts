// A model in a repository with team packs: the team's entries are suggested, and the quick-fixes
// add them as threats (title, letters, id, mitigations) or dismiss them, as for default entries.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TextDocument, URI } from 'langium';
import { clearDocuments, parseDocument } from 'langium/test';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver';
import type { Model } from '../../server/language/generated/ast.js';
import { IssueCodes } from '../../server/language/issue-codes.js';
import { services } from './lsp-services.js';

const PACK = `entries:
  - id: acme:grpc-reflection
    title: gRPC reflection left on
    stride: [I]
    on: flow
    refs: [CWE-200]
    when: { protocol: grpc }
    because: "{target} answers reflection requests from {source}"
    mitigations:
      - text: Turn reflection off in production
`;
const MODEL = 'process A\nprocess B\nflow F: A -> B { protocol gRPC }\n';
let repository: string;

beforeAll(() => {
  repository = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-pack-actions-'));
  fs.mkdirSync(path.join(repository, '.git'));
  fs.mkdirSync(path.join(repository, '.tm', 'catalogue'), { recursive: true });
  fs.writeFileSync(path.join(repository, '.tm', 'catalogue', 'web.yaml'), PACK);
});
afterAll(() => fs.rmSync(repository, { recursive: true, force: true }));

async function fixes(text: string): Promise<{ titles: string[]; apply: (title: string) => string; diagnostics: Diagnostic[] }> {
  const document = await parseDocument<Model>(services, text, { validation: true, documentUri: URI.file(path.join(repository, 'm.tm')).toString() });
  try {
    const diagnostics = document.diagnostics ?? [];
    const suggested = diagnostics.filter(diagnostic => diagnostic.code === IssueCodes.SuggestedThreat);
    const actions = await services.lsp.CodeActionProvider!.getCodeActions(document, { textDocument: { uri: document.uri.toString() }, range: suggested[0].range, context: { diagnostics: suggested } }) as Array<{ title: string; edit?: { changes?: Record<string, []> } }>;
    return {
      diagnostics,
      titles: actions.map(action => action.title),
      apply: title => TextDocument.applyEdits(TextDocument.create('file:///x.tm', 'tm', 0, text), Object.values(actions.find(action => action.title === title)!.edit!.changes!)[0]),
    };
  } finally {
    await clearDocuments(services, [document]);
  }
}

describe('quick-fixes for a team entry', () => {
  test('add it as a threat with its id, letters and mitigations, or dismiss it', async () => {
    const { titles, apply } = await fixes(MODEL);
    expect(titles).toEqual(expect.arrayContaining(['Add threat: gRPC reflection left on', 'Not applicable: gRPC reflection left on']));
    const added = apply('Add threat: gRPC reflection left on');
    expect(added).toContain('catalogue "acme:grpc-reflection"');
    expect(added).toContain('stride I');
    expect(added).toContain('mitigation "TODO: Turn reflection off in production" planned');
    expect(apply('Not applicable: gRPC reflection left on')).toContain('dismiss "acme:grpc-reflection" "TODO: why it does not apply here"');
  });
});
