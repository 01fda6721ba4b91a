// An entry's examples (docs/catalogue.md, Testing a pack): each example model must get the entry
// on exactly the elements and flows it names. Run by `tm catalogue test` and by tm's own tests
// of the default pack.
import type { Model } from '../language/generated/ast.js';
import { analysisOf } from '../domain/analysis.js';
import type { CatalogueEntry, CataloguePack } from './pack.js';
import { suggestionsOf } from './suggestions.js';

/** The names of the elements and flows of `model` that get `entry`, with `pack` as the catalogue. */
export function namesSuggested(entry: CatalogueEntry, model: Model, pack: CataloguePack): string[] {
  return [...suggestionsOf(analysisOf(model), pack)]
    .filter(([, suggestions]) => suggestions.some(suggestion => suggestion.entry.id === entry.id))
    .map(([target]) => target.name)
    .sort();
}

/** Why an example fails, or undefined when it holds. `syntaxErrors`: the example model's own. */
export function exampleFailure(entry: CatalogueEntry, index: number, model: Model | undefined, syntaxErrors: readonly string[], pack: CataloguePack): string | undefined {
  if (!model || syntaxErrors.length > 0) return `its model does not parse: ${syntaxErrors[0] ?? 'no model'}`;
  const expected = [...entry.examples[index].suggests].sort();
  const actual = namesSuggested(entry, model, pack);
  const missing = expected.filter(name => !actual.includes(name));
  const extra = actual.filter(name => !expected.includes(name));
  if (missing.length === 0 && extra.length === 0) return undefined;
  return [
    missing.length > 0 ? `not suggested on ${missing.join(', ')}` : '',
    extra.length > 0 ? `suggested on ${extra.join(', ')}, which the example does not list` : '',
  ].filter(Boolean).join('; ');
}
