// Which catalogue a model gets: the nearest `.tm/catalogue/` above it, up to the repository's
// root, read once until a change is told; an editor's unsaved text of a pack counts instead of
// the disk's; a model that is not on disk gets the default pack.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { URI } from 'langium';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { Catalogues, defaultOnlyCatalogue, isTeamPackFile } from '../../server/catalogue/catalogues.js';
import { findTeamPackFolder } from '../../server/catalogue/repository-packs.js';

const entry = (id: string) => `entries:\n  - id: ${id}\n    title: t\n    stride: [T]\n    on: flow\n    when: { crossing: true }\n    because: x\n`;
let root: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-catalogues-'));
  for (const [file, text] of Object.entries({
    '.git/HEAD': 'x',
    '.tm/catalogue/a.yaml': entry('acme:outer'),
    'team/.tm/catalogue/a.yaml': entry('acme:inner'),
    'team/deep/m.tm': '',
    'm.tm': '',
  })) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const ids = (catalogues: Catalogues, file: string) => [...catalogues.of(URI.file(path.join(root, file))).pack.byId.keys()].filter(id => !id.startsWith('tm:'));

describe('the catalogue of a model', () => {
  test('is the nearest .tm/catalogue above it; nested folders do not merge', async () => {
    expect(await findTeamPackFolder(path.join(root, 'team', 'deep'))).toBe(path.join(root, 'team', '.tm', 'catalogue'));
    const catalogues = new Catalogues();
    await catalogues.prepare([URI.file(path.join(root, 'team/deep/m.tm')), URI.file(path.join(root, 'm.tm'))]);
    expect(ids(catalogues, 'team/deep/m.tm')).toEqual(['acme:inner']);
    expect(ids(catalogues, 'm.tm')).toEqual(['acme:outer']);
  });

  test('is read once, until invalidated; an open pack\'s text counts instead of the disk\'s', async () => {
    const catalogues = new Catalogues();
    const model = URI.file(path.join(root, 'm.tm'));
    await catalogues.prepare([model]);
    fs.writeFileSync(path.join(root, '.tm/catalogue/a.yaml'), entry('acme:saved'));
    await catalogues.prepare([model]);
    expect(ids(catalogues, 'm.tm')).toEqual(['acme:outer']);
    catalogues.invalidate();
    await catalogues.prepare([model]);
    expect(ids(catalogues, 'm.tm')).toEqual(['acme:saved']);
    catalogues.openText = file => (file === path.join(root, '.tm/catalogue/a.yaml') ? entry('acme:unsaved') : undefined);
    catalogues.invalidate();
    await catalogues.prepare([model]);
    expect(ids(catalogues, 'm.tm')).toEqual(['acme:unsaved']);
  });

  test('a model that is not on disk, or not prepared, gets the default pack', () => {
    const catalogues = new Catalogues();
    expect(catalogues.of(URI.parse('untitled:Untitled-1'))).toBe(defaultOnlyCatalogue());
    expect(catalogues.of(URI.file(path.join(root, 'm.tm')))).toBe(defaultOnlyCatalogue());
  });

  test('pack files are the YAML and JSON files directly in .tm/catalogue', () => {
    expect(isTeamPackFile(path.join(root, '.tm/catalogue/web.yaml'))).toBe(true);
    expect(isTeamPackFile(path.join(root, '.tm/catalogue/web.json'))).toBe(true);
    expect(isTeamPackFile(path.join(root, '.tm/catalogue/README.md'))).toBe(false);
    expect(isTeamPackFile(path.join(root, '.tm/catalogue/sub/web.yaml'))).toBe(false);
    expect(isTeamPackFile(path.join(root, 'catalogue/web.yaml'))).toBe(false);
  });
});

describe('reading a folder of packs again', () => {
  test('parses again only the files whose text changed', async () => {
    const { parsedOnce, readTeamPacks } = await import('../../server/catalogue/repository-packs.js');
    fs.writeFileSync(path.join(root, '.tm/catalogue/b.yaml'), entry('acme:b'));
    const folder = path.join(root, '.tm/catalogue');
    const parse = parsedOnce();
    const [a1, b1] = await readTeamPacks(folder, undefined, parse);
    fs.writeFileSync(path.join(root, '.tm/catalogue/b.yaml'), entry('acme:b2'));
    const [a2, b2] = await readTeamPacks(folder, undefined, parse);
    expect(a2).toBe(a1);
    expect(b2).not.toBe(b1);
    expect(b2.records[0].data.id).toBe('acme:b2');
  });
});
