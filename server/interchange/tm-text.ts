// Writing tm source text from foreign models: identifiers made from foreign names and
// normalised text (docs/language.md §2); string literals and comments are server/escape/tm-source.ts.
import { TmGrammar } from '../language/generated/grammar.js';
import { grammarFacts } from '../language/grammar-facts.js';

/** Runs of whitespace (line breaks included) become one space; the ends are trimmed. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

let reserved: ReadonlySet<string> | undefined;

/**
 * Keywords that are words are reserved (docs/language.md §10), but for those the grammar's `Name`
 * rule also takes as names: the STRIDE letters, which are keywords only after `stride`/`exempt`.
 */
export function isReservedWord(word: string): boolean {
  if (!reserved) {
    const facts = grammarFacts(TmGrammar());
    const nameRule = facts.rule('Name');
    const names = nameRule ? facts.first(nameRule) : new Set<string>();
    reserved = new Set(facts.keywords.filter(keyword => /^[A-Za-z_]\w*$/.test(keyword) && !names.has(keyword)));
  }
  return reserved.has(word);
}

export function isValidIdentifier(word: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(word) && !isReservedWord(word);
}

/**
 * Unique identifiers for one file. A foreign name becomes UpperCamelCase ASCII (`Background
 * Worker Process` → `BackgroundWorkerProcess`, accents dropped); a name that starts with a
 * digit or has no letters gets the fallback in front; a taken name gets `2`, `3`, … appended.
 */
export class IdentifierPool {
  private readonly used = new Set<string>();
  /** The next suffix to try for each base, so a thousand unnamed boxes take linear time, not quadratic. */
  private readonly nextSuffix = new Map<string, number>();

  /** Claims a name exactly as given when it is a free, valid identifier. */
  claimExact(name: string): boolean {
    if (!isValidIdentifier(name) || this.used.has(name)) return false;
    this.used.add(name);
    return true;
  }

  claim(foreignName: string, fallback: string): string {
    const words = foreignName.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').split(/[^A-Za-z0-9]+/).filter(word => word !== '');
    let base = words.map(word => word[0].toUpperCase() + word.slice(1)).join('');
    if (base === '' || /^[0-9]/.test(base)) base = fallback + base;
    if (isReservedWord(base)) base = fallback + base;
    let candidate = base;
    let suffix = this.nextSuffix.get(base) ?? 2;
    for (; this.used.has(candidate); suffix++) candidate = `${base}${suffix}`;
    this.nextSuffix.set(base, suffix);
    this.used.add(candidate);
    return candidate;
  }
}
