import { describe, expect, it } from 'vitest';
import type { Attack } from '../../server/language/generated/ast.js';
import { attackNodeTrail, cheapestPath, describeCost, leafCost, NAMED_COSTS } from '../../server/domain/attack.js';
import { parseModel } from '../language/harness.js';

async function tree(text: string) {
  return ((await parseModel(`attack A "goal" { ${text} }`)).declarations[0] as Attack).trees[0];
}

async function path(text: string, maxDepth = 64): Promise<{ cost: number; leaves: string[] } | undefined> {
  const found = cheapestPath(await tree(text), maxDepth);
  return found && { cost: found.cost, leaves: found.leaves.map(leaf => leaf.text) };
}

it('named costs count 1, 2, 3, 5, 8', () => {
  expect(NAMED_COSTS).toEqual({ trivial: 1, low: 2, medium: 3, high: 5, extreme: 8 });
});

describe('cheapestPath', () => {
  it.each([
    { tree: 'or { "a" cost 3 "b" cost 2 }', path: { cost: 2, leaves: ['b'] } },
    { tree: 'or { "a" cost 2 "b" cost low }', path: { cost: 2, leaves: ['a'] } },
    { tree: 'and { "a" cost 2 "b" cost trivial "c" cost 0 }', path: { cost: 3, leaves: ['a', 'b', 'c'] } },
    { tree: 'or { "x" and { "a" cost 1 "b" cost 1 } "y" cost 3 }', path: { cost: 2, leaves: ['a', 'b'] } },
    { tree: 'and { "x" or { "a" cost 5 "b" cost 4 } "y" or { "c" cost 1 "d" cost 1 } }', path: { cost: 5, leaves: ['b', 'c'] } },
    { tree: 'or { "a" cost -1 "b" cost 7 }', path: { cost: 7, leaves: ['b'] } },
    { tree: 'and { "a" cost -1 "b" cost 7 }', path: undefined },
  ])('$tree → $path', async ({ tree, path: expected }) => {
    expect(await path(tree)).toEqual(expected);
  });

  it('levels deeper than the limit are not analysed', async () => {
    expect(await path('or { "x" or { "y" cost 1 } }', 2)).toEqual({ cost: 1, leaves: ['y'] });
    expect(await path('or { "x" or { "y" cost 1 } }', 1)).toBeUndefined();
  });

  it('handles a deep chain without recursion', async () => {
    const depth = 60;
    const chain = `or { ${'"n" or { '.repeat(depth)}"leaf" cost 4 ${'} '.repeat(depth)}}`;
    expect(await path(chain)).toEqual({ cost: 4, leaves: ['leaf'] });
  });
});

it('leafCost: named, numeric, negative', async () => {
  const [named, numeric, negative] = (await tree('or { "a" cost extreme "b" cost 2.5 "c" cost -3 }')).children;
  expect([leafCost(named.cost), leafCost(numeric.cost), leafCost(negative.cost), leafCost(undefined)]).toEqual([8, 2.5, undefined, undefined]);
});

it('attackNodeTrail runs from the goal\'s child down to the leaf', async () => {
  const root = await tree('or { "a" or { "b" and { "c" cost 1 } } }');
  const leaf = root.children[0].children[0].children[0];
  expect(attackNodeTrail(leaf).map(node => node.text)).toEqual(['a', 'b', 'c']);
});

it.each([[1, '1 (trivial)'], [8, '8 (extreme)'], [4, '4'], [0.5, '0.5']] as const)('describeCost(%s) is %s', (cost, text) => {
  expect(describeCost(cost)).toBe(text);
});
