// The shared walk that linking, reference indexing and validation use instead of three Langium streams.
import { AstUtils } from 'langium';
import { expect, test } from 'vitest';
import { syntaxTreeOf } from '../../server/language/parsing/syntax-tree.js';
import { EXAMPLES } from '../examples.js';
import { parseModel } from './harness.js';

test.each(EXAMPLES)('$name: the nodes and references in the order of Langium\'s own streams', async ({ text }) => {
  const model = await parseModel(text);
  const tree = syntaxTreeOf(model);
  const streamed = AstUtils.streamAst(model).toArray();
  expect(tree.nodes).toHaveLength(streamed.length);
  tree.nodes.forEach((node, i) => expect(node).toBe(streamed[i]));
  const references = streamed.flatMap(node => AstUtils.streamReferences(node).toArray());
  expect(tree.references).toEqual(references);
  expect(tree.references.length).toBeGreaterThan(10);
  expect(syntaxTreeOf(model)).toBe(tree);
});

test('each subtree ends after its last descendant', async () => {
  const model = await parseModel('boundary Outer { boundary Inner { process P { exempt S "x" } } store D }\nexternal U\n');
  const { nodes, subtreeEnds } = syntaxTreeOf(model);
  nodes.forEach((node, i) => {
    const descendants = AstUtils.streamAst(node).count();
    expect(subtreeEnds[i]).toBe(i + descendants);
  });
  const inner = nodes.findIndex(node => (node as { name?: string }).name === 'Inner');
  expect(nodes.slice(inner + 1, subtreeEnds[inner]).map(node => node.$type)).toEqual(['Process', 'Exemption']);
});
