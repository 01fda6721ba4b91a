// Attack trees (docs/language.md §7) across the interchange formats. None of Threat Dragon, OTM
// or TM-BOM has a place for them, so tm's export keeps them with the model's own fields (a
// `tm.attacks` JSON list: Threat Dragon's summary, OTM's project attributes, TM-BOM's tm
// extension) and `tm import` reads them back as attack blocks. Read iteratively and cut at tm's
// nesting limit: a hostile list can only produce what a hand-written model could.
import type { Attack, AttackNode } from '../language/generated/ast.js';
import { MAX_NESTING } from '../domain/analysis.js';
import type { ImportedAttack, ImportedAttackNode, ImportedModel, ImportedThreat } from './imported-model.js';
import { approximate, declared, leaveOut } from './imported-model.js';
import { field, isObject, listField, text, textField, textsField } from './input-values.js';
import { oneLine } from './tm-text.js';
import { jsonList } from './tm-fields.js';

/** The field that holds the attack trees in each format's model-level record. */
export const ATTACKS_FIELD = 'attacks';

interface NodeRecord {
  text: string;
  gate?: string;
  cost?: string | number;
  children?: NodeRecord[];
}

const NAMED_COSTS: ReadonlySet<string> = new Set(['trivial', 'low', 'medium', 'high', 'extreme']);

/**
 * The model's attack trees as a JSON list, or undefined when it has none. Steps deeper than tm's
 * nesting limit (`too-deep`, not analysed) are written as unexpanded leaves, which also bounds
 * the recursion.
 */
export function attackRecords(attacks: readonly Attack[]): string | undefined {
  if (attacks.length === 0) return undefined;
  const nodeRecord = (node: AttackNode, depth: number): NodeRecord => ({
    text: node.text,
    ...(node.gate && depth < MAX_NESTING ? { gate: node.gate, children: node.children.map(child => nodeRecord(child, depth + 1)) } : {}),
    ...(node.cost ? { cost: node.cost.named ?? node.cost.value } : {}),
  });
  return JSON.stringify(attacks.map(attack => ({
    name: attack.name,
    ...(attack.goal !== undefined ? { goal: attack.goal } : {}),
    realizes: attack.realizes.map(reference => reference.$refText),
    ...(attack.description.length > 0 ? { description: attack.description[0] } : {}),
    ...(attack.refs.length > 0 ? { refs: attack.refs } : {}),
    trees: attack.trees.map(tree => ({ gate: tree.gate, children: tree.children.map(child => nodeRecord(child, 1)) })),
  })));
}

/** `tm.attacks` among OTM's and TM-BOM's `tm.*` fields (tm-fields.ts), when the model has attack trees. */
export function attackFields(attacks: readonly Attack[]): Record<string, string> {
  const records = attackRecords(attacks);
  return records !== undefined ? { [`tm.${ATTACKS_FIELD}`]: records } : {};
}

/** The attack trees of a `tm.attacks` list, realizing the imported threats of those names. */
export function readAttacks(json: string | undefined, model: ImportedModel): ImportedAttack[] {
  const threats = new Map<string, ImportedThreat>();
  for (const section of model.sections) for (const threat of section.threats) if (threat.preferredName !== undefined) threats.set(threat.preferredName, threat);
  const attacks: ImportedAttack[] = [];
  for (const entry of jsonList(json)) {
    if (!isObject(entry)) continue;
    const name = oneLine(textField(entry, 'name'));
    const attack: ImportedAttack = { ...declared(`attack tree "${name}"`, name || 'Attack'), goal: textField(entry, 'goal'), realizes: [] };
    if (name !== '') attack.preferredName = name;
    attack.description = textField(entry, 'description') || undefined;
    attack.refs = textsField(entry, 'refs');
    for (const threatName of textsField(entry, 'realizes')) {
      const threat = threats.get(threatName);
      if (threat) attack.realizes.push(threat);
      else approximate(attack, `it realizes "${oneLine(threatName)}", which is no threat of the model`);
    }
    // An attack has one tree (a second is `duplicate-field`): the first that has steps.
    for (const tree of listField(entry, 'trees')) {
      const root = readTree(tree, attack);
      if (root && !attack.tree) attack.tree = root;
      else if (root) leaveOut(attack, 'a second tree: an attack has one');
    }
    attacks.push(attack);
  }
  return attacks;
}

/** One tree, walked with an explicit stack; a node deeper than tm's limit is written as an unexpanded leaf. */
function readTree(tree: unknown, attack: ImportedAttack): ImportedAttackNode | undefined {
  const root: ImportedAttackNode = { text: '', gate: gateOf(tree), children: [] };
  if (!root.gate) return undefined;
  const stack: Array<[unknown, ImportedAttackNode, number]> = [[tree, root, 1]];
  let cut = false;
  while (stack.length > 0) {
    const [record, node, depth] = stack.pop()!;
    const children = listField(record, 'children');
    for (const child of children) {
      if (!isObject(child)) continue;
      const made: ImportedAttackNode = { text: text(field(child, 'text')), children: [] };
      const gate = gateOf(child);
      if (gate && listField(child, 'children').length > 0) {
        if (depth >= MAX_NESTING) cut = true;
        else {
          made.gate = gate;
          stack.push([child, made, depth + 1]);
        }
      } else {
        made.cost = costOf(field(child, 'cost'));
      }
      node.children.push(made);
    }
  }
  if (cut) approximate(attack, `its tree is nested deeper than ${MAX_NESTING} levels; the deeper steps are written as unexpanded leaves`);
  return root.children.length > 0 ? root : undefined;
}

function gateOf(record: unknown): 'or' | 'and' | undefined {
  const gate = textField(record, 'gate');
  return gate === 'or' || gate === 'and' ? gate : undefined;
}

/** A named cost, or a non-negative number as tm writes it; anything else is no cost (an unexpanded leaf). */
function costOf(value: unknown): string | undefined {
  if (typeof value === 'string' && NAMED_COSTS.has(value)) return value;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return /^[0-9]+(\.[0-9]+)?$/.test(String(value)) ? String(value) : undefined;
  return undefined;
}
