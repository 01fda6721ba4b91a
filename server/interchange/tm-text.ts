// Writing tm source text from foreign models: identifiers made from foreign names and
// normalised text (docs/language.md §2); string literals and comments are server/escape/tm-source.ts.
import { AstUtils, GrammarAST } from 'langium';
import { TmGrammar } from '../language/generated/grammar.js';
import { isStrideLetter } from '../domain/stride.js';

/** Runs of whitespace (line breaks included) become one space; the ends are trimmed. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

let reserved: ReadonlySet<string> | undefined;

/** Lower-case keywords are reserved (docs/language.md §10); the STRIDE letters are ordinary names outside `stride`/`exempt`. */
export function isReservedWord(word: string): boolean {
  reserved ??= new Set(AstUtils.streamAllContents(TmGrammar()).filter(GrammarAST.isKeyword).map(keyword => keyword.value)
    .filter(value => /^[A-Za-z_]\w*$/.test(value) && !isStrideLetter(value)).toArray());
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

/** A protocol written as a tm identifier: characters an identifier cannot hold are dropped (`HTTP/S` → `HTTPS`). */
export function protocolIdentifier(protocol: string): string | undefined {
  const word = protocol.replace(/[^A-Za-z0-9_]/g, '');
  if (word === '') return undefined;
  const identifier = /^[0-9]/.test(word) ? `_${word}` : word;
  return isReservedWord(identifier) ? `_${identifier}` : identifier;
}
