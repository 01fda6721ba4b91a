// Models across files (docs/language.md §12): imports, qualified and ambiguous names, the import
// diagnostics, the composed model and where its diagnostics sit, a library's orphan rule.
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-types';
import { analyzeModel } from '../../server/domain/analysis.js';
import { composedModels, importsOf, isImportedInto } from '../../server/domain/composition.js';
import { coverageOf } from '../../server/domain/analysis.js';
import { isFlow } from '../../server/language/generated/ast.js';
import type { CheckedFile } from './workspace-harness.js';
import { checkWorkspace } from './workspace-harness.js';
import { messageOf } from './harness.js';

const PLATFORM = 'boundary Platform { process Login { kind identity-provider } store Users { holds credentials encrypted } }\nflow Check: Login -> Users { protocol TLS }';

function withCode(file: CheckedFile, code: string): Diagnostic[] {
  return file.diagnostics.filter(diagnostic => diagnostic.code === code);
}

/** The one diagnostic with `code` sits on mark `mark` of the file. */
function expectOn(file: CheckedFile, code: string, mark = 0, message?: RegExp): Diagnostic {
  const found = withCode(file, code).filter(diagnostic => JSON.stringify(diagnostic.range) === JSON.stringify(file.marks[mark]));
  expect(found, `${code} on mark ${mark}; found ${file.diagnostics.map(d => `${d.code}@${d.range.start.line}:${d.range.start.character}`).join(', ')}`).toHaveLength(1);
  if (message) expect(messageOf(found[0])).toMatch(message);
  return found[0];
}

describe('names across files', () => {
  it('an imported element is a flow end and a threat target, qualified or not', async () => {
    const files = await checkWorkspace({
      'platform/idp.tm': PLATFORM,
      'svc/shop.tm': 'import "../platform/idp.tm" as Idp\nexternal U\nflow A: U -> Idp.Login\nflow B: U -> Users\nthreat T { on Idp.Login, Users stride S }',
    });
    const shop = files['svc/shop.tm'];
    expect(shop.codes).not.toContain('unresolved-reference');
    expect(shop.codes).not.toContain('ambiguous-reference');
    const flows = shop.document.parseResult.value.declarations.filter(isFlow);
    expect(flows.map(flow => flow.target.ref?.name)).toEqual(['Login', 'Users']);
  });

  it('the qualifier of an import without an alias is the file\'s stem', async () => {
    const files = await checkWorkspace({ 'platform/idp.tm': PLATFORM, 'shop.tm': 'import "platform/idp.tm"\nexternal U\nflow A: U -> idp.Login' });
    expect(files['shop.tm'].codes).not.toContain('unresolved-reference');
  });

  it('a name of this file and of an import is ambiguous-reference, with each qualified name to choose', async () => {
    const files = await checkWorkspace({
      'platform/idp.tm': PLATFORM,
      'shop.tm': 'import "platform/idp.tm" as Idp\nexternal U\nprocess Login\nflow A: U -> «Login»\nflow B: U -> Idp.Login',
    });
    const diagnostic = expectOn(files['shop.tm'], 'ambiguous-reference', 0, /^Login is ambiguous: it is declared in this file and in platform\/idp\.tm\. Qualify it \(Idp\.Login\), or rename the local one\.$/);
    expect(diagnostic.severity).toBe(1);
    expect(diagnostic.data).toMatchObject({ code: 'ambiguous-reference', candidates: ['Idp.Login'] });
  });

  it('a name two imports declare is ambiguous; a qualified one never is', async () => {
    const files = await checkWorkspace({
      'a.tm': 'process Api',
      'b.tm': 'process Api',
      'shop.tm': 'import "a.tm"\nimport "b.tm"\nexternal U\nflow F: U -> «Api»\nflow G: U -> a.Api\nflow H: U -> b.Api',
    });
    const diagnostic = expectOn(files['shop.tm'], 'ambiguous-reference');
    expect(diagnostic.data).toMatchObject({ candidates: ['a.Api', 'b.Api'] });
    expect(withCode(files['shop.tm'], 'ambiguous-reference')).toHaveLength(1);
  });

  it('the imports of an import are not visible: they must be imported to be named', async () => {
    const files = await checkWorkspace({
      'bus.tm': 'store Queue { kind queue }',
      'platform.tm': 'import "bus.tm"\nprocess Api\nflow F: Api -> Queue',
      'shop.tm': 'import "platform.tm"\nexternal U\nflow G: U -> Api\nflow H: U -> «Queue»',
    });
    expectOn(files['shop.tm'], 'unresolved-reference', 0, /^Queue is not declared in this file or in a file it imports/);
  });

  it('an unknown qualifier, and an unknown name behind a known one, say which', async () => {
    const files = await checkWorkspace({
      'platform/idp.tm': PLATFORM,
      'shop.tm': 'import "platform/idp.tm" as Idp\nexternal U\nflow A: U -> «Nope.Login»\nflow B: U -> «Idp.Logout»',
    });
    expectOn(files['shop.tm'], 'unresolved-reference', 0, /^Nope is not the name of an import of this file/);
    expectOn(files['shop.tm'], 'unresolved-reference', 1, /^platform\/idp\.tm declares no Logout: fix the name\.$/);
  });
});

describe('import diagnostics', () => {
  it.each([
    ['import «"/etc/platform.tm"»', /is an absolute path/],
    ['import «"https://example.com/p.tm"»', /is a URL/],
    ['import «"platform/idp.txt"»', /is not a \.tm file/],
    ['import «"../../outside.tm"»', /leads out of the workspace root/],
    ['import «"platform\\\\idp.tm"»', /backslash/],
    ['import «"shop.tm"»', /^A file cannot import itself/],
  ])('%s is invalid-import', async (text, message) => {
    const files = await checkWorkspace({ 'platform/idp.tm': PLATFORM, 'shop.tm': text });
    expectOn(files['shop.tm'], 'invalid-import', 0, message);
  });

  it('a file that is not there is missing-import, and the file still checks its own declarations', async () => {
    const files = await checkWorkspace({ 'shop.tm': 'import «"platform/nope.tm"» as P\nprocess «Api»' });
    expectOn(files['shop.tm'], 'missing-import', 0, /^"platform\/nope\.tm" does not exist: the import brings in nothing\.$/);
    expectOn(files['shop.tm'], 'orphan-element', 1);
  });

  it('a cycle is import-cycle at each import that leads back, listing the cycle', async () => {
    const files = await checkWorkspace({
      'a.tm': 'import «"b.tm"»\nprocess A',
      'b.tm': 'import «"c.tm"»\nprocess B',
      'c.tm': 'import «"a.tm"»\nprocess C',
      'user.tm': 'import "a.tm"\nexternal U\nflow F: U -> A',
    });
    expectOn(files['a.tm'], 'import-cycle', 0, /^This import closes a cycle: a\.tm → b\.tm → c\.tm → a\.tm\./);
    expectOn(files['c.tm'], 'import-cycle', 0, /c\.tm → a\.tm → b\.tm → c\.tm/);
    expect(files['user.tm'].codes).not.toContain('import-cycle');
    // Each file of the cycle is composed once.
    expect(composedModels(files['user.tm'].document.parseResult.value)).toHaveLength(4);
  });

  it('more than 16 levels of imports of imports is import-too-deep at the import it starts from', async () => {
    const chain: Record<string, string> = {};
    for (let i = 0; i < 18; i++) chain[`l${i}.tm`] = `${i < 17 ? `import «"l${i + 1}.tm"»\n` : ''}process P${i}`;
    const files = await checkWorkspace(chain);
    expectOn(files['l0.tm'], 'import-too-deep', 0, /more than 16 levels deep/);
    expect(files['l1.tm'].codes).not.toContain('import-too-deep');
    expect(composedModels(files['l0.tm'].document.parseResult.value)).toHaveLength(17);
  });

  it('the same file twice is duplicate-import; the same qualifier twice is duplicate-import-alias', async () => {
    const files = await checkWorkspace({
      'platform/idp.tm': PLATFORM,
      'legacy/idp.tm': 'process Old',
      'shop.tm': 'import "platform/idp.tm"\nimport «"platform/idp.tm"» as Idp\nimport «"legacy/idp.tm"»\nimport "legacy/idp.tm" as L',
    });
    expectOn(files['shop.tm'], 'duplicate-import', 0, /^platform\/idp\.tm is already imported on line 1: remove this import\.$/);
    expect(withCode(files['shop.tm'], 'duplicate-import')[0].severity).toBe(2);
    expectOn(files['shop.tm'], 'duplicate-import-alias', 1, /^The import on line 1 is already qualified idp/);
  });
});

describe('unused-import', () => {
  it('an import none of whose declarations the file names is unused-import (info, faded); one named plainly, qualified or in `for` is not', async () => {
    const files = await checkWorkspace({
      'platform/idp.tm': PLATFORM,
      'platform/bus.tm': 'process Broker',
      'platform/ci.tm': 'process Runner',
      'platform/audit.tm': 'store Log',
      'shop.tm': 'import "platform/idp.tm" as Idp\nimport "platform/bus.tm"\n«import "platform/ci.tm"»\nimport "platform/audit.tm"\nimport "platform/gone.tm"\n'
        + 'external U\nflow A: U -> Idp.Login\nflow B: U -> Broker\nthreat T { on A stride T  mitigation "m" done for A }\nflow C: Broker -> audit.Log',
    });
    const diagnostic = expectOn(files['shop.tm'], 'unused-import', 0,
      /^Nothing in this file names a declaration of platform\/ci\.tm: the import only adds its elements to this file's diagram and reports\. Remove it, or name what you use from it\.$/);
    expect(diagnostic.severity).toBe(3);
    expect(diagnostic.tags).toEqual([1]);
    expect(withCode(files['shop.tm'], 'unused-import')).toHaveLength(1);
    expect(files['shop.tm'].codes).toContain('missing-import');
  });

  it('a duplicate import is duplicate-import only, not also unused', async () => {
    const files = await checkWorkspace({ 'platform/idp.tm': PLATFORM, 'shop.tm': 'import "platform/idp.tm"\nimport "platform/idp.tm" as Idp\nexternal U\nflow A: U -> idp.Login' });
    expect(files['shop.tm'].codes).toContain('duplicate-import');
    expect(files['shop.tm'].codes).not.toContain('unused-import');
  });
});

describe('the composed model', () => {
  it('a flow from the service into a platform boundary crosses, and its diagnostics sit in the service', async () => {
    const files = await checkWorkspace({
      'platform/idp.tm': PLATFORM,
      'shop.tm': 'import "platform/idp.tm" as Idp\nexternal U\nflow «F»: U -> Idp.Login',
    });
    expectOn(files['shop.tm'], 'missing-boundary-control', 0, /crosses outside → Platform/);
    expect(withCode(files['platform/idp.tm'], 'missing-boundary-control')).toEqual([]);
  });

  it('a library\'s threats count wherever its elements are used; its own findings stay in the library', async () => {
    const library = `${PLATFORM}\nthreat Spoof { on Login stride S likelihood 1 impact 1 mitigation "MFA" done }`;
    const files = await checkWorkspace({
      'platform/idp.tm': library,
      'shop.tm': 'import "platform/idp.tm" as Idp\nexternal U\nflow F: U -> Idp.Login { authn "OIDC" authz none validation none protocol HTTPS }',
    });
    const shop = files['shop.tm'];
    const analysis = analyzeModel(shop.document.parseResult.value);
    const login = analysis.imported.elements.find(element => element.name === 'Login')!;
    expect(analysis.isImported(login)).toBe(true);
    expect(isImportedInto(login, shop.document.parseResult.value)).toBe(true);
    expect(analysis.threatsOn(login).map(threat => threat.name)).toEqual(['Spoof']);
    expect(coverageOf(analysis, login).covered).toContain('S');
    // The library's uncovered letters are reported in the library, once, not in each importer.
    expect(withCode(files['platform/idp.tm'], 'uncovered-stride').length).toBeGreaterThan(0);
    expect(shop.diagnostics.every(diagnostic => !/Login|Users/.test(messageOf(diagnostic)) || /Flow F/.test(messageOf(diagnostic)))).toBe(true);
  });

  it('lists the file\'s own declarations, the imported ones apart, and the composed ones together', async () => {
    const files = await checkWorkspace({ 'platform/idp.tm': PLATFORM, 'shop.tm': 'import "platform/idp.tm"\nexternal U\nflow F: U -> idp.Login' });
    const analysis = analyzeModel(files['shop.tm'].document.parseResult.value);
    expect(analysis.elements.map(element => element.name)).toEqual(['U']);
    expect(analysis.imported.elements.map(element => element.name)).toEqual(['Login', 'Users']);
    expect(analysis.composed.elements.map(element => element.name)).toEqual(['U', 'Login', 'Users']);
    expect(analysis.composed.flows.map(flow => flow.name)).toEqual(['F', 'Check']);
    expect(analysis.models).toHaveLength(2);
    expect(importsOf(analysis.model).map(entry => entry.qualifier)).toEqual(['idp']);
  });
});

describe('libraries', () => {
  it('an element of a library is no orphan when a flow of a file importing it touches it', async () => {
    const files = await checkWorkspace({
      'platform/bus.tm': 'store Queue { kind queue }\nstore «Archive»',
      'shop.tm': 'import "platform/bus.tm" as Bus\nprocess Api\nflow F: Api -> Bus.Queue',
    });
    expectOn(files['platform/bus.tm'], 'orphan-element', 0);
    expect(withCode(files['platform/bus.tm'], 'orphan-element')).toHaveLength(1);
  });

  it('a file without imports, that nothing imports, keeps every rule of §10', async () => {
    const files = await checkWorkspace({ 'alone.tm': 'process «Api»' });
    expectOn(files['alone.tm'], 'orphan-element');
  });
});
