// What must hold for any text whatsoever, however broken: checking it, every editor feature
// and every output built from it (diagram graph, reports) never throw; a quick-fix removes
// nothing the user wrote (when the text lexes) beyond a plaintext protocol it upgrades, and applied to a file that parsed yields a file
// that still parses; formatting keeps every token and comment and is idempotent.
import { expect } from 'vitest';
import { encryptingForms } from '../../server/domain/protocols.js';
import { check, dispose, exerciseFeatures, renderOutputs, services, syntaxErrors, tokenImages } from './harness.js';

/**
 * Cursor positions per text, spread over it, for the per-position features. Completion lexes
 * the whole text on every request, so huge texts get fewer.
 */
const POSITIONS = 8;
const POSITIONS_IN_HUGE_TEXT = 3;
const HUGE_TEXT = 100_000;

export async function expectRobust(text: string): Promise<void> {
  const document = await check(text);
  try {
    const parsed = syntaxErrors(document).length === 0;
    const step = Math.max(1, Math.floor(text.length / (text.length > HUGE_TEXT ? POSITIONS_IN_HUGE_TEXT : POSITIONS)));
    const offsets = Array.from({ length: Math.ceil((text.length + 1) / step) }, (_, i) => Math.min(i * step, text.length));
    const { fixedTexts, formatted } = await exerciseFeatures(document, offsets);
    renderOutputs(document);
    // A stray quote in the text may pair with a quote a fix inserts; only clean lexing is comparable.
    const lexed = services.parser.Lexer.tokenize(text).errors.length === 0;
    if (lexed) {
      const before = tokenImages(text);
      for (const fix of fixedTexts) expectNothingRemoved(before, fix.text, `quick-fix "${fix.title}" for ${fix.code}`);
    }
    if (parsed) {
      for (const fix of spreadPerCode(fixedTexts)) await expectParses(fix.text, `quick-fix "${fix.title}" for ${fix.code}`);
    }
    if (formatted !== undefined) await expectFormattingSafe(text, formatted);
  } finally {
    await dispose(document);
  }
}

/**
 * Re-checking a fixed text is a whole check: a large example has hundreds of fixes (one per
 * suggestion and uncovered letter), so each case re-parses at most this many per diagnostic
 * code, spread over that code's fixes. Every fix is still checked for removing nothing.
 */
const PARSED_FIXES_PER_CODE = 6;

function spreadPerCode<T extends { code: string }>(fixes: readonly T[]): T[] {
  const byCode = new Map<string, T[]>();
  for (const fix of fixes) byCode.set(fix.code, [...(byCode.get(fix.code) ?? []), fix]);
  return [...byCode.values()].flatMap(group => group.length <= PARSED_FIXES_PER_CODE
    ? group
    : Array.from({ length: PARSED_FIXES_PER_CODE }, (_, i) => group[Math.floor(i * group.length / PARSED_FIXES_PER_CODE)]));
}

/**
 * A quick-fix adds stubs; it never takes away what the user wrote. Every token and comment of
 * the original is still there, in order (an empty string may be filled in), except a plaintext
 * protocol, which the fix for its finding replaces with an encrypting form (docs/language.md §11).
 */
function expectNothingRemoved(before: ReturnType<typeof tokenImages>, fixed: string, what: string): void {
  const after = tokenImages(fixed);
  const kept = (images: string[], within: string[]) => {
    let at = 0;
    for (const image of images) {
      if (image === '""') continue;
      const forms = encryptingForms(image.replace(/^"|"$/g, ''));
      while (at < within.length && within[at] !== image && !forms.includes(within[at].replace(/^"|"$/g, ''))) at++;
      if (at === within.length) return false;
      at++;
    }
    return true;
  };
  expect(kept(before.tokens, after.tokens) && kept(before.comments, after.comments), `${what} removed something the user wrote:\n${fixed}`).toBe(true);
}

async function expectParses(text: string, what: string): Promise<void> {
  const document = await check(text);
  try {
    expect(syntaxErrors(document), `${what} yields a file that does not parse:\n${text}`).toEqual([]);
  } finally {
    await dispose(document);
  }
}

async function expectFormattingSafe(original: string, formatted: string): Promise<void> {
  expect(tokenImages(formatted), 'formatting changed the tokens or the comments').toEqual(tokenImages(original));
  const again = await check(formatted);
  try {
    const { formatted: twice } = await exerciseFeatures(again, []);
    expect(twice, 'formatting is not idempotent').toBe(formatted);
  } finally {
    await dispose(again);
  }
}
