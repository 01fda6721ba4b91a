// The editor's cap on diagnostics (server/lsp/tm-published-diagnostics.ts) keeps exactly the
// ranking its rule states: the most severe first, within a severity every code's first finding
// before any code's second, then by position, the validator's order among equals.
import { describe, expect, test } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-types';
import { capForEditor, MAX_PUBLISHED_DIAGNOSTICS } from '../../server/lsp/tm-published-diagnostics.js';

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function diagnostics(count: number, seed: number): Diagnostic[] {
  const next = random(seed);
  const pick = (n: number) => Math.floor(next() * n);
  return Array.from({ length: count }, (_, index) => {
    // Few lines and codes, so that many findings tie on position and on code.
    const start = { line: pick(40), character: pick(3) };
    const severity = next() < 0.1 ? undefined : (1 + pick(4)) as Diagnostic['severity'];
    return { range: { start, end: start }, severity, code: `code-${pick(6)}`, message: `finding ${index}` };
  });
}

/** The rule, written as directly as it reads. */
function ranking(all: Diagnostic[]): Diagnostic[] {
  const severity = (diagnostic: Diagnostic) => diagnostic.severity ?? 1;
  const turn = (diagnostic: Diagnostic) => all.slice(0, all.indexOf(diagnostic)).filter(other => severity(other) === severity(diagnostic) && other.code === diagnostic.code).length;
  const order = (diagnostic: Diagnostic) => [severity(diagnostic), turn(diagnostic), diagnostic.range.start.line, diagnostic.range.start.character, all.indexOf(diagnostic)];
  return [...all].sort((a, b) => {
    const [left, right] = [order(a), order(b)];
    return left.map((value, index) => value - right[index]).find(difference => difference !== 0) ?? 0;
  });
}

describe('the editor cap', () => {
  test.each([1, 2, 3, 4, 5])('keeps the ranking of the rule and counts the rest (seed %i)', seed => {
    const all = diagnostics(MAX_PUBLISHED_DIAGNOSTICS + 700, seed);
    const shown = capForEditor(all);
    const ranked = ranking(all);
    expect(shown.slice(0, -1)).toEqual(ranked.slice(0, MAX_PUBLISHED_DIAGNOSTICS - 1));
    const hidden = ranked.slice(MAX_PUBLISHED_DIAGNOSTICS - 1);
    const count = (severity: number) => hidden.filter(diagnostic => (diagnostic.severity ?? 1) === severity).length;
    const breakdown = [[1, 'error'], [2, 'warning'], [3, 'info'], [4, 'hint']].filter(([severity]) => count(severity as number) > 0).map(([severity, name]) => `${count(severity as number)} ${name}`).join(', ');
    expect(shown.at(-1)!.message).toBe(`${hidden.length} more diagnostics (${breakdown}) are not shown in the editor, which lists the ${MAX_PUBLISHED_DIAGNOSTICS - 1} most severe and every kind: run tm check on this file to see them all.`);
  });

  test('leaves a file within the cap as it is', () => {
    const all = diagnostics(MAX_PUBLISHED_DIAGNOSTICS, 9);
    expect(capForEditor(all)).toBe(all);
  });
});
