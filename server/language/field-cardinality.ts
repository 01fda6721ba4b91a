// Which fields take one value and which a list: the one fact about a field the grammar cannot
// state. A single-valued field is parsed as a list too (`'owner' owner+=STRING`), so that writing
// it twice is a `duplicate-field` diagnostic instead of a syntax error; the first value counts
// (docs/language.md §10, server/domain/fields.ts).
//
// Every property the grammar can assign more than once to one node must be here:
// test/language/grammar-facts.test.ts fails by name for one that is not ("field `owner` of
// Process is not classified"). Classify a new field and the duplicate-field check, the
// syntax-error messages, completion, highlighting tests and fuzzing know it with no other edit.
import type { FieldFact, GrammarFacts } from './grammar-facts.js';

export type Cardinality = 'single' | 'list';

/** By node type, then property. */
export const FIELD_CARDINALITY: Readonly<Record<string, Readonly<Record<string, Cardinality>>>> = {
  Model: { headers: 'list', imports: 'list', declarations: 'list' },
  ModelHeader: { owner: 'single', reviewed: 'single', revisit: 'single', description: 'single', refs: 'list' },
  External: { kind: 'single', technology: 'single', description: 'single', refs: 'list', outOfScope: 'single', exemptions: 'list', dismissals: 'list' },
  Process: { kind: 'single', privilege: 'single', technology: 'single', description: 'single', refs: 'list', outOfScope: 'single', exemptions: 'list', dismissals: 'list' },
  Store: {
    kind: 'single', holds: 'list', heldAssets: 'list', encrypted: 'single', technology: 'single', description: 'single', refs: 'list',
    outOfScope: 'single', exemptions: 'list', dismissals: 'list',
  },
  Boundary: { members: 'list', kind: 'single', trust: 'single', description: 'single', refs: 'list', outOfScope: 'single' },
  Flow: {
    protocol: 'single', port: 'single', carries: 'list', carriedAssets: 'list', returns: 'list', returnedAssets: 'list', authn: 'single', authz: 'single',
    validation: 'single', encrypted: 'single', description: 'single', refs: 'list', outOfScope: 'single', exemptions: 'list', dismissals: 'list',
  },
  Exemption: { letters: 'list' },
  Threat: { targets: 'list', catalogue: 'single', letters: 'list', likelihood: 'single', impact: 'single', description: 'single', refs: 'list', decisions: 'list' },
  Mitigation: { status: 'single', owner: 'single', ticket: 'single', refs: 'list', targets: 'list' },
  Acceptance: { ticket: 'single', date: 'single', until: 'single', targets: 'list' },
  Transfer: { ticket: 'single', date: 'single', until: 'single', targets: 'list' },
  Elimination: { targets: 'list' },
  Attack: { realizes: 'single', description: 'single', refs: 'list', trees: 'single' },
  AttackTree: { children: 'list' },
  AttackNode: { children: 'list' },
  DataAsset: { sensitivity: 'single', category: 'list', integrity: 'single', availability: 'single', description: 'single', refs: 'list' },
};

/** A field that can be given more than once to one node, and so needs a cardinality here. */
export function needsCardinality(field: FieldFact): boolean {
  return field.operators.has('+=') || field.repeatable;
}

export function cardinalityOf(type: string, property: string): Cardinality | undefined {
  return FIELD_CARDINALITY[type]?.[property];
}

/** The single-valued fields of each node type, as the grammar writes them: the ones the duplicate-field check reads. */
export function singleValuedFields(facts: GrammarFacts): ReadonlyMap<string, readonly FieldFact[]> {
  const single = new Map<string, FieldFact[]>();
  for (const [type, fields] of facts.fields) {
    const ofType = fields.filter(field => field.operators.has('+=') && cardinalityOf(type, field.property) === 'single');
    if (ofType.length > 0) single.set(type, ofType);
  }
  return single;
}

/**
 * What is wrong with the classification against the grammar, one sentence per field: a field
 * that is not classified, one assigned with `=` where it may be written twice (a repeat would
 * silently replace the first value), and one classified that the grammar no longer has.
 */
export function cardinalityProblems(facts: GrammarFacts): string[] {
  const problems: string[] = [];
  for (const [type, fields] of facts.fields) {
    for (const field of fields.filter(needsCardinality)) {
      const where = `field \`${field.property}\` of ${type}`;
      const cardinality = cardinalityOf(type, field.property);
      if (cardinality === undefined) {
        problems.push(`${where} is not classified: add \`${field.property}: 'single'\` (one value; a repeat is duplicate-field) or \`${field.property}: 'list'\` to ${type} in FIELD_CARDINALITY (server/language/field-cardinality.ts).`);
      } else if (!field.operators.has('+=')) {
        problems.push(`${where} is assigned with \`${[...field.operators].join('')}\` where it can be written twice: write \`${field.property}+=\` in tm.langium so that a repeat is a duplicate-field diagnostic.`);
      }
    }
  }
  for (const [type, properties] of Object.entries(FIELD_CARDINALITY)) {
    for (const property of Object.keys(properties)) {
      const field = facts.fields.get(type)?.find(known => known.property === property);
      if (!field || !needsCardinality(field)) problems.push(`field \`${property}\` of ${type} is classified in FIELD_CARDINALITY but the grammar has no such list: remove it there.`);
    }
  }
  return problems;
}
