import { expect, test } from 'vitest';
import { SemanticTokensDecoder } from 'langium/lsp';
import { services, textParams, withDocument } from './lsp-services.js';

/** `text:type` for every semantic token, `+decl` marking declarations. */
function tokensOf(text: string): Promise<string[]> {
  return withDocument(text, async document => {
    const provider = services.lsp.SemanticTokenProvider!;
    const tokens = SemanticTokensDecoder.decode(await provider.semanticHighlight(document, textParams(document)), provider.tokenTypes, document);
    return tokens.map(token => `${token.text}:${token.tokenType}${token.tokenModifiers ? '+decl' : ''}`);
  });
}

test('declarations by kind, references like their target, letters, protocols and data classes', async () => {
  const text = [
    'external U { exempt R "no audit needed" }',
    'boundary B { process P  store Db { holds pii } }',
    'flow F: U -> P { protocol HTTPS carries pii }',
    'threat T { on P, F stride S, T }',
    'attack A "goal" { realizes T or { "x" cost low } }',
  ].join('\n');
  expect(await tokensOf(text)).toEqual([
    'U:interface+decl', 'R:enumMember',
    'B:namespace+decl', 'P:class+decl', 'Db:struct+decl', 'pii:enumMember',
    'F:event+decl', 'U:interface', 'P:class', 'HTTPS:type', 'pii:enumMember',
    'T:variable+decl', 'P:class', 'F:event', 'S:enumMember', 'T:enumMember',
    'A:function+decl', 'T:variable',
  ]);
});

test('unresolved references and half-typed declarations are skipped without throwing', async () => {
  expect(await tokensOf('flow F: Nowhere -> \nthreat T { on Missing stride')).toEqual(['F:event+decl', 'T:variable+decl']);
});

test('concurrent requests on several documents each get their own tokens, every time', async () => {
  const provider = services.lsp.SemanticTokenProvider!;
  const texts = Array.from({ length: 4 }, (_, i) => Array.from({ length: 300 }, (_, j) => `process P${i}_${j}`).join('\n'));
  const alone = await Promise.all(texts.map(text => withDocument(text, async document => provider.semanticHighlight(document, textParams(document)))));
  const together = await Promise.all(texts.map(text => withDocument(text, async document => {
    // Every request of the batch starts before any of them has finished.
    const whole = Promise.resolve(provider.semanticHighlight(document, textParams(document)));
    const range = Promise.resolve(provider.semanticHighlightRange(document, { ...textParams(document), range: { start: { line: 0, character: 0 }, end: { line: 400, character: 0 } } }));
    return Promise.all([whole, range]);
  })));
  together.forEach(([whole, range], i) => {
    expect(whole.data).toEqual(alone[i].data);
    expect(range.data).toEqual(alone[i].data);
  });
});
