import { describe, expect, test } from 'vitest';
import { InsertTextFormat } from 'vscode-languageserver';
import { KNOWN_PROTOCOLS } from '../../server/domain/protocols.js';
import snippetFile from '../../snippets/tm.json';
import { completionsAt, labelsAt } from './lsp-services.js';

const DFD = `
external Customer "Customer browser" { kind user }
boundary Shop {
  process Api "API server"
  store Orders { kind database }
  store Audit { kind log }
}
flow Checkout: Customer -> Api { protocol HTTPS }
threat T1 "Reads another invoice" { on Api stride I }
`;

describe('references', () => {
  test('after `on`: elements, boundaries and flows with their kind and label, no threats', async () => {
    const items = await completionsAt(`${DFD}threat T2 { on <|> }`);
    expect(items.map(item => item.label)).toEqual(['Customer', 'Shop', 'Api', 'Orders', 'Audit', 'Checkout']);
    expect(items.find(item => item.label === 'Api')?.detail).toBe('process · API server');
    expect(items.find(item => item.label === 'Checkout')?.detail).toBe('flow · Checkout');
  });

  test('after a comma in `on`, the targets already listed are not offered again', async () => {
    expect(await labelsAt(`${DFD}threat T2 { on Api, Checkout, <|> }`)).toEqual(['Customer', 'Shop', 'Orders', 'Audit']);
  });

  test('after `->`: elements only', async () => {
    expect(await labelsAt(`${DFD}flow Save: Api -> <|>`)).toEqual(['Customer', 'Api', 'Orders', 'Audit']);
  });

  test('after `realizes`: threats only', async () => {
    const items = await completionsAt(`${DFD}attack A "goal" { realizes <|> }`);
    expect(items.map(item => item.label)).toEqual(['T1']);
    expect(items[0].detail).toBe('threat · Reads another invoice');
  });
});

describe('STRIDE letters', () => {
  test('after `stride`: the union of the letters of the targets listed so far', async () => {
    expect(await labelsAt(`${DFD}threat T2 { on Orders, Checkout stride <|> }`)).toEqual(['T', 'I', 'D']);
    expect(await labelsAt(`${DFD}threat T2 { on Customer, Audit stride <|> }`)).toEqual(['S', 'T', 'R', 'I', 'D']);
  });

  test('after a comma in a stride list, without the letters already listed', async () => {
    expect(await labelsAt(`${DFD}threat T2 { on Customer stride S, <|> }`)).toEqual(['R']);
    expect(await labelsAt(`${DFD}threat T2 { on Api stride S,T, I, <|> }`)).toEqual(['R', 'D', 'E']);
  });

  test('all six when no target is listed yet', async () => {
    expect(await labelsAt(`${DFD}threat T2 { stride <|> }`)).toEqual(['S', 'T', 'R', 'I', 'D', 'E']);
  });

  test('each letter carries its meaning', async () => {
    const [spoofing] = await completionsAt(`${DFD}threat T2 { on Customer stride <|> }`);
    expect(spoofing.detail).toBe('Spoofing — violates Authentication');
    expect(JSON.stringify(spoofing.documentation)).toContain('Typical mitigations');
  });

  test('after `exempt`: the letters of the enclosing element or flow', async () => {
    expect(await labelsAt('store Audit { kind log exempt <|> }')).toEqual(['T', 'R', 'I', 'D']);
    expect(await labelsAt('external Customer { exempt <|> }')).toEqual(['S', 'R']);
    expect(await labelsAt('process A\nprocess B\nflow F: A -> B { exempt T, <|> }')).toEqual(['I', 'D']);
  });

  test('letters are not offered where a name is expected', async () => {
    const labels = await labelsAt('threat <|>');
    expect(labels.filter(label => label.length === 1)).toEqual([]);
  });
});

describe('values and keywords', () => {
  test('after `protocol`: the known protocols, judged', async () => {
    const items = await completionsAt('process A\nprocess B\nflow F: A -> B { protocol <|> }');
    expect(items.map(item => item.label)).toEqual(KNOWN_PROTOCOLS);
    expect(items.find(item => item.label === 'HTTP')?.detail).toBe('protocol · plaintext');
    expect(items.find(item => item.label === 'LDAPS')?.detail).toBe('protocol · encrypts in transit');
    expect(items.find(item => item.label === 'WireGuard')?.detail).toBe('protocol · encrypts in transit');
    expect(items.find(item => item.label === 'Kafka')?.detail).toMatch(/^protocol · encrypts only when configured to/);
  });

  test('in a flow block: `port` and `encrypted`, explained', async () => {
    const items = await completionsAt('process A\nprocess B\nflow F: A -> B { protocol HTTP <|> }');
    expect(items.find(item => item.label === 'port')?.detail).toBe('the port the flow connects to, 1..65535');
    expect(items.find(item => item.label === 'encrypted')?.detail).toMatch(/in transit, whatever the protocol/);
  });

  test('after `carries`: the data classes', async () => {
    const items = await completionsAt('process A\nprocess B\nflow F: A -> B { carries <|> }');
    expect(items.map(item => item.label)).toEqual(['public', 'internal', 'pii', 'financial', 'health', 'credentials', 'secrets']);
    expect(items[0].detail).toBe('data class');
  });

  test('inside a threat: the decision keywords, explained', async () => {
    const items = await completionsAt(`${DFD}threat T2 { on Api <|> }`);
    const labels = items.map(item => item.label);
    for (const keyword of ['mitigation', 'accepted', 'transferred', 'eliminated', 'likelihood', 'impact', 'stride', 'on']) {
      expect(labels).toContain(keyword);
    }
    expect(items.find(item => item.label === 'accepted')?.detail).toContain('decision');
  });

  test('after `cost`: the named costs with their value', async () => {
    const items = await completionsAt('attack A "goal" { or { "step" cost <|> } }');
    expect(items.map(item => item.label)).toEqual(['trivial', 'low', 'medium', 'high', 'extreme']);
    expect(items[0].detail).toContain('trivial = 1');
  });

  test('at top level: declaration keywords and a snippet for each', async () => {
    const items = await completionsAt(`${DFD}<|>`);
    const snippet = items.find(item => item.label === 'threat …');
    expect(snippet?.insertTextFormat).toBe(InsertTextFormat.Snippet);
    expect(snippet?.textEdit?.newText).toContain('stride ${4|S,T,R,I,D,E|}');
    expect(items.map(item => item.label)).toEqual(expect.arrayContaining(['model', 'flow', 'flow …', 'boundary …', 'attack …']));
  });

  // Where each snippet's keyword may be written, and the snippets/tm.json body it must insert.
  const SNIPPET_PLACES: Record<string, string> = {
    model: '<|>', import: '<|>', external: '<|>', process: '<|>', store: '<|>', boundary: '<|>', flow: '<|>', threat: '<|>', attack: '<|>', data: '<|>',
    mitigation: 'process P\nthreat T { on P <|> }', accepted: 'process P\nthreat T { on P <|> }',
    transferred: 'process P\nthreat T { on P <|> }', eliminated: 'process P\nthreat T { on P <|> }', exempt: 'process P { <|> }',
  };

  test.each(Object.values(snippetFile))('the $prefix snippet is offered with the body of snippets/tm.json', async ({ prefix, body }) => {
    const items = await completionsAt(SNIPPET_PLACES[prefix]);
    const snippet = items.find(item => item.label === `${prefix} …`);
    expect(snippet?.textEdit?.newText).toBe(body.join('\n'));
  });
});

describe('half-typed input', () => {
  test.each([
    'threat T { on <|>',
    'flow : -> <|>',
    'threat { stride S, , <|> }}}',
    'store X { exempt <|>',
    '"unterminated <|>',
    '<|>',
    'boundary B { process P { exempt S "x" } <|>',
  ])('%s completes without throwing', async text => {
    await expect(completionsAt(text)).resolves.toBeInstanceOf(Array);
  });
});

describe('catalogue ids', () => {
  test('after `catalogue` and `dismiss`: the ids of the catalogue, with their titles', async () => {
    for (const text of ['process A\nthreat T { on A stride T catalogue <|> }', 'process A\nstore Db { kind database }\nflow F: A -> Db { dismiss <|> }']) {
      const items = await completionsAt(text);
      expect(items.find(item => item.label === '"tm:sql-injection"')?.detail).toBe('SQL injection · on flow, T, I');
      expect(items.every(item => item.label.startsWith('"'))).toBe(true);
    }
  });
});
