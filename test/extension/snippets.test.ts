// The editor snippets (snippets/tm.json): one per declaration of the spec, and each one, with
// its placeholders left at their defaults, is a valid piece of a model.
import { readFileSync } from 'node:fs';
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { describe, expect, it } from 'vitest';
import type { Model } from '../../server/language/generated/ast.js';
import { createTmServices } from '../../server/lsp/tm-lsp-module.js';

interface Snippet {
  prefix: string;
  body: string[];
  description: string;
}

const snippets = Object.values(JSON.parse(readFileSync('snippets/tm.json', 'utf8')) as Record<string, Snippet>);
const parse = parseHelper<Model>(createTmServices(EmptyFileSystem).Tm);

/** The text a snippet inserts when every placeholder keeps its default (a choice's first option). */
function expand(snippet: Snippet): string {
  return snippet.body
    .join('\n')
    .replace(/\$CURRENT_YEAR-\$CURRENT_MONTH-\$CURRENT_DATE/g, '2026-11-01')
    .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '');
}

/** Decisions and exemptions are not declarations: they go inside a threat or an element. */
function inContext(prefix: string, text: string): string {
  if (['mitigation', 'accepted', 'transferred', 'eliminated'].includes(prefix)) return `threat T "t" {\n${text}\n}`;
  if (prefix === 'exempt') return `process P {\n${text}\n}`;
  return text;
}

describe('snippets', () => {
  it('offer one snippet for every declaration, decision and exemption', () => {
    expect(snippets.map(snippet => snippet.prefix).sort()).toEqual(
      ['accepted', 'attack', 'boundary', 'data', 'eliminated', 'exempt', 'external', 'flow', 'import', 'mitigation', 'model', 'process', 'store', 'threat', 'transferred'],
    );
    for (const snippet of snippets) expect(snippet.description, snippet.prefix).not.toBe('');
  });

  it.each(snippets.map(snippet => [snippet.prefix, snippet] as const))('%s expands to text that parses', async (prefix, snippet) => {
    const text = inContext(prefix, expand(snippet));
    expect(text).not.toMatch(/\$/);
    const document = await parse(text);
    expect(document.parseResult.lexerErrors, text).toEqual([]);
    expect(document.parseResult.parserErrors.map(error => error.message), text).toEqual([]);
  });
});
