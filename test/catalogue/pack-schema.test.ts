// The JSON schema of a team pack is built from the tables the checks use (facts, fields,
// limits). catalogue/team-pack.schema.json is that schema written out: when a fact or a field
// changes, this test fails until the file is written again with
// `npx vitest run test/catalogue/pack-schema.test.ts -u`. The schema accepts what tm accepts.
import { Ajv } from 'ajv';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { teamPackSchema } from '../../server/catalogue/pack-schema.js';
import { readPackFile } from '../../server/catalogue/pack.js';
import { assembleCatalogue } from '../../server/catalogue/catalogue.js';

const validate = new Ajv({ allErrors: true, strict: false }).compile(teamPackSchema());

const SOUND = `default-pack: "2026.12.0"
entries:
  - id: acme:grpc-reflection
    title: gRPC reflection left on
    stride: [I]
    on: flow
    refs: [CWE-200]
    when:
      all:
        - protocol: grpc
        - crossing: true
        - not: { target.kind: [database, queue] }
    because: "{target} answers reflection requests from {source}"
    mitigations:
      - text: Turn reflection off in production
        refs: [CWE-200]
      - Or put it behind authentication
    examples:
      - model: "process A\\nprocess B\\nflow F: A -> B { protocol gRPC }"
        suggests: [F]
  - override: tm:sql-injection
    disabled: true
  - id: acme:sql-orm
    extends: tm:sql-injection
    title: SQL injection around the ORM
`;

describe('the team pack schema', () => {
  test('catalogue/team-pack.schema.json is the schema the code builds', async () => {
    await expect(`${JSON.stringify(teamPackSchema(), null, 2)}\n`).toMatchFileSnapshot('../../catalogue/team-pack.schema.json');
  });

  test('accepts a pack tm loads without problems', () => {
    expect(assembleCatalogue([readPackFile(SOUND, 'p.yaml', 'team')]).problems).toEqual([]);
    expect(validate(parse(SOUND)), JSON.stringify(validate.errors)).toBe(true);
  });

  test.each([
    ['an unknown fact', SOUND.replace('protocol: grpc', 'protocl: grpc')],
    ['an unknown value', SOUND.replace('[database, queue]', '[databse]')],
    ['a condition with two keys', SOUND.replace('- crossing: true', '- { crossing: true, protocol: http }')],
    ['an unknown field', SOUND.replace('    title: gRPC', '    severity: high\n    title: gRPC')],
    ['a bad id', SOUND.replace('acme:grpc-reflection', 'Acme Reflection')],
    ['a bad target', SOUND.replace('on: flow', 'on: service')],
    ['a bad pin', SOUND.replace('"2026.12.0"', 'latest')],
  ])('rejects %s, as tm does', (_, text) => {
    expect(validate(parse(text))).toBe(false);
    expect(assembleCatalogue([readPackFile(text, 'p.yaml', 'team')]).problems.length).toBeGreaterThan(0);
  });
});

describe('the extension contributes the schema', () => {
  test('to YAML and JSON editors, for the files of .tm/catalogue/, and ships it', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const root = path.resolve(import.meta.dirname, '../..');
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: Record<string, Array<{ fileMatch: string | string[]; url: string }>> };
    for (const kind of ['yamlValidation', 'jsonValidation']) {
      const [contribution] = manifest.contributes[kind];
      expect(contribution.url).toBe('./catalogue/team-pack.schema.json');
      expect([contribution.fileMatch].flat().every(pattern => pattern.startsWith('**/.tm/catalogue/*.'))).toBe(true);
    }
    expect(fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8')).toContain('!catalogue/team-pack.schema.json\n');
  });
});
