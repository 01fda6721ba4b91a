// Applicability conditions (docs/catalogue.md): data read from a pack, checked and turned into a
// predicate once when the pack loads. Nothing in a pack is executed; a condition is interpreted.
import type { FactTarget, FactValue, Facts } from './facts.js';
import { factReader, factSpec } from './facts.js';

export type Condition = (facts: Facts) => boolean;

/** Where in the pack a problem is: the path of keys and indexes from the entry. */
export type PackPath = ReadonlyArray<string | number>;

export interface ConditionProblem {
  path: PackPath;
  message: string;
}

/** Conditions nested deeper than this are refused: a hostile pack cannot overflow the stack. */
export const MAX_CONDITION_DEPTH = 16;

const ALWAYS: Condition = () => true;

/**
 * The predicate a condition stands for, and the problems that keep it from being one (an
 * unknown fact or value, a malformed form). A condition with problems is never applied.
 */
export function compileCondition(raw: unknown, on: FactTarget, path: PackPath, problems: ConditionProblem[], depth = 0): Condition {
  if (depth > MAX_CONDITION_DEPTH) {
    problems.push({ path, message: `conditions nest at most ${MAX_CONDITION_DEPTH} levels deep` });
    return ALWAYS;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ path, message: 'a condition is a map: `all: [...]`, `any: [...]`, `not: {...}` or `fact: value`' });
    return ALWAYS;
  }
  const keys = Object.keys(raw);
  if (keys.length !== 1) {
    problems.push({ path, message: `a condition has exactly one key (write several under \`all:\`); this one has ${keys.length}` });
    return ALWAYS;
  }
  const [key] = keys;
  const value = (raw as Record<string, unknown>)[key];
  if (key === 'all' || key === 'any') {
    if (!Array.isArray(value) || value.length === 0) {
      problems.push({ path: [...path, key], message: `\`${key}\` takes a non-empty list of conditions` });
      return ALWAYS;
    }
    const parts = value.map((part, index) => compileCondition(part, on, [...path, key, index], problems, depth + 1));
    // Plain loops: every element and flow runs these for every entry.
    if (key === 'any') {
      return facts => {
        for (const part of parts) if (part(facts)) return true;
        return false;
      };
    }
    return facts => {
      for (const part of parts) if (!part(facts)) return false;
      return true;
    };
  }
  if (key === 'not') {
    const inner = compileCondition(value, on, [...path, key], problems, depth + 1);
    return facts => !inner(facts);
  }
  return compilePredicate(key, value, on, [...path, key], problems);
}

function compilePredicate(fact: string, raw: unknown, on: FactTarget, path: PackPath, problems: ConditionProblem[]): Condition {
  const spec = factSpec(on, fact);
  if (!spec) {
    problems.push({ path, message: `unknown fact \`${fact}\` for entries \`on: ${on}\` (docs/catalogue.md lists the facts)` });
    return ALWAYS;
  }
  const values = (Array.isArray(raw) ? raw as unknown[] : [raw]).map(value => typeof value === 'boolean' || typeof value === 'number' ? String(value) : value);
  if (values.length === 0 || values.some(value => typeof value !== 'string')) {
    problems.push({ path, message: `\`${fact}\` takes a word or a list of words` });
    return ALWAYS;
  }
  const wanted = new Set(values as string[]);
  const unknown = spec.values ? [...wanted].filter(value => !spec.values!.includes(value)) : [];
  if (unknown.length > 0) {
    problems.push({ path, message: `\`${fact}\` is never ${unknown.map(value => `\`${value}\``).join(' or ')}; its values are ${spec.values!.join(', ')}` });
    return ALWAYS;
  }
  const malformed = spec.form ? [...wanted].filter(value => !spec.form!.pattern.test(value)) : [];
  if (malformed.length > 0) {
    problems.push({ path, message: `\`${fact}\` takes ${spec.form!.text}, not ${malformed.map(value => `\`${value}\``).join(' or ')}` });
    return ALWAYS;
  }
  const read = factReader(on, fact)!;
  return facts => matches(read(facts), wanted);
}

function matches(value: FactValue | undefined, wanted: ReadonlySet<string>): boolean {
  if (value === undefined) return false;
  if (typeof value === 'boolean') return wanted.has(String(value));
  if (typeof value === 'string') return wanted.has(value);
  return value.some(each => wanted.has(each));
}
