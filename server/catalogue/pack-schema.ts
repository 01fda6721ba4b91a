// The JSON schema of a team pack (catalogue/team-pack.schema.json), for YAML and JSON editors that
// read one (the extension contributes it through `yamlValidation` and `jsonValidation`). Built
// from the same tables the checks use, so it cannot drift: test/catalogue/pack-schema.test.ts
// writes the file and fails when it is stale. tm's own diagnostics do not depend on it.
import type { FactSpec } from './facts.js';
import { ELEMENT_FACTS, FLOW_FACTS } from './facts.js';
import { MAX_CONDITION_DEPTH } from './conditions.js';
import { ENTRY_FIELDS, ENTRY_ID, PACK_FIELDS, PACK_LIMITS, RELATION_FIELDS, TARGETS } from './pack.js';

type Schema = Record<string, unknown>;

function factValue(spec: FactSpec): Schema {
  if (spec.values && spec.values.length === 2 && spec.values.includes('true') && spec.values.includes('false')) return { type: 'boolean' };
  const one: Schema = spec.values ? { enum: spec.values } : { type: 'string' };
  return { oneOf: [one, { type: 'array', items: one, minItems: 1 }] };
}

const text = (description: string, maxLength: number = PACK_LIMITS.text): Schema => ({ type: 'string', minLength: 1, maxLength, description });
const references = (description: string): Schema => ({ type: 'array', items: { type: 'string' }, description });

export function teamPackSchema(): Schema {
  const facts: Array<[string, FactSpec]> = [
    ...Object.entries(FLOW_FACTS),
    ...Object.entries(ELEMENT_FACTS),
    ...['source', 'target'].flatMap(end => Object.entries(ELEMENT_FACTS).map(([name, spec]): [string, FactSpec] => [`${end}.${name}`, spec])),
  ];
  const factProperties = Object.fromEntries(facts.map(([name, spec]) => [name, { ...factValue(spec), description: spec.summary }]));
  const entryFields = { ...ENTRY_FIELDS, ...RELATION_FIELDS.team };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/tm-threat-models/tm/catalogue/team-pack.schema.json',
    title: 'tm team pack (.tm/catalogue/*.yaml)',
    description: `A team's threat catalogue entries (docs/catalogue.md). Conditions nest at most ${MAX_CONDITION_DEPTH} levels deep.`,
    type: 'object',
    additionalProperties: false,
    properties: {
      version: { type: 'string', description: PACK_FIELDS.team.version },
      'default-pack': { type: 'string', pattern: '^(none|\\d+(\\.\\d+){0,3})$', description: PACK_FIELDS.team['default-pack'] },
      entries: { type: 'array', maxItems: PACK_LIMITS.entries, items: { $ref: '#/definitions/entry' }, description: PACK_FIELDS.team.entries },
    },
    definitions: {
      entry: {
        type: 'object',
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: ENTRY_ID.source, description: entryFields.id },
          title: text(entryFields.title),
          stride: { type: 'array', items: { enum: ['S', 'T', 'R', 'I', 'D', 'E'] }, minItems: 1, uniqueItems: true, description: entryFields.stride },
          description: text(entryFields.description),
          refs: references(entryFields.refs),
          on: { enum: TARGETS, description: entryFields.on },
          when: { $ref: '#/definitions/condition', description: entryFields.when },
          because: text(entryFields.because),
          mitigations: {
            type: 'array',
            description: entryFields.mitigations,
            items: { oneOf: [text('What to do.'), { type: 'object', additionalProperties: false, required: ['text'], properties: { text: text('What to do.'), refs: references('References for the mitigation.') } }] },
          },
          examples: {
            type: 'array',
            description: entryFields.examples,
            items: { type: 'object', additionalProperties: false, required: ['model'], properties: { model: { type: 'string', description: 'A small .tm model.' }, suggests: { type: 'array', items: { type: 'string' }, description: 'The names that must get the entry; no others may.' } } },
          },
          override: { type: 'string', pattern: ENTRY_ID.source, description: entryFields.override },
          extends: { type: 'string', pattern: ENTRY_ID.source, description: entryFields.extends },
          disabled: { type: 'boolean', description: entryFields.disabled },
        },
      },
      condition: {
        type: 'object',
        minProperties: 1,
        maxProperties: 1,
        additionalProperties: false,
        properties: {
          all: { type: 'array', minItems: 1, items: { $ref: '#/definitions/condition' }, description: 'Holds when every condition of the list holds.' },
          any: { type: 'array', minItems: 1, items: { $ref: '#/definitions/condition' }, description: 'Holds when at least one condition of the list holds.' },
          not: { $ref: '#/definitions/condition', description: 'Holds when the condition under it does not.' },
          ...factProperties,
        },
      },
    },
  };
}
