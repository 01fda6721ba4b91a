// Model strings and file names reach the terminal and CI logs escaped: no escape sequence that
// moves the cursor or erases a line, no bidi reordering, no forged line, no workflow command.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { escapeMarkdown } from '../../server/escape/markdown.js';
import { escapeMermaid } from '../../server/escape/mermaid.js';
import { escapeTerminal } from '../../server/escape/terminal.js';
import { runTm, scratchDir, SUMMARY_LINE } from '../cli/run.js';

const ESC = '\u001b';
const ERASE_LINE_ABOVE = `${ESC}[1A${ESC}[2K`;

describe('escapeTerminal', () => {
  test.each([
    ['an escape sequence', `a${ERASE_LINE_ABOVE}b`, 'a\\x1b[1A\\x1b[2Kb'],
    ['line breaks (one space, as a message never spans lines) and a tab', 'a\nb\r\nc\td', 'a b c\\x09d'],
    ['C1 controls (a one-byte CSI) and DEL', 'a\u009b2Kb\u007f', 'a\\x9b2Kb\\x7f'],
    ['bidi controls (a right-to-left override, isolates, marks)', 'a\u202eb\u2066c\u2069d\u200fe', 'a\\u202eb\\u2066c\\u2069d\\u200fe'],
    ['line and paragraph separators', 'a\u2028b\u2029c', 'a\\u2028b\\u2029c'],
    ['a GitHub Actions workflow command at the start', '::error file=a.tm::pwned', '\\x3a:error file=a.tm::pwned'],
    ['an old-style runner command anywhere', 'x ##[error]pwned', 'x #\\x23[error]pwned'],
  ])('%s', (_, text, escaped) => {
    expect(escapeTerminal(text)).toBe(escaped);
  });

  test('letters of every script, emoji and joiners pass unchanged', () => {
    const text = 'modèle Überweisung 支付 مرحبا 👩‍💻 a::b "quoted"';
    expect(escapeTerminal(text)).toBe(text);
  });
});

describe('the other text formats a person reads', () => {
  test.each([
    ['Markdown', escapeMarkdown(`a${ERASE_LINE_ABOVE}\u202eb\nc`), 'a\\\\x1b\\[1A\\\\x1b\\[2K\\\\u202eb c'],
    ['Mermaid', escapeMermaid(`a${ERASE_LINE_ABOVE}\u202eb\nc`), 'a\\x1b[1A\\x1b[2K\\u202eb c'],
  ])('%s shows control and bidi characters as escapes', (_, escaped, expected) => {
    expect(escaped).toBe(expected);
  });
});

describe('the CLI', () => {
  let scratch: Awaited<ReturnType<typeof scratchDir>>;
  beforeAll(async () => {
    const base = 'external U\nprocess Api\nflow F: U -> Api\nthreat Hot "Hot" { on F stride T likelihood 3 impact 3 }\n';
    scratch = await scratchDir({
      'old.tm': base,
      'new.tm': `${base}threat Low "low${ERASE_LINE_ABOVE}\u202e" { on Api stride S likelihood 1 impact 1 }\n`,
      'label.tm': `process P "x${ERASE_LINE_ABOVE}\u202e"\n`,
      'strings.tm': `process P "x${ERASE_LINE_ABOVE}" process\n"${ESC}]0;title${ESC}\\\\" stray\n`,
    });
    fs.mkdirSync(path.join(scratch.dir, 'named'));
    fs.writeFileSync(path.join(scratch.dir, 'named', 'x\nx.tm:1:1: error fake: forged.tm'), 'process P\n');
    fs.writeFileSync(path.join(scratch.dir, 'named', '::error file=a.tm::pwned.tm'), 'process Q\n');
  });
  afterAll(() => scratch.cleanup());

  function expectNothingRaw(output: string): void {
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    expect(output).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(output).not.toMatch(/^\s*::/m);
  }

  test('tm diff: a low-score threat\'s title cannot erase the fix-now line above it', async () => {
    const result = await runTm(['diff', 'old.tm', 'new.tm'], scratch.dir);
    expectNothingRaw(result.stdout);
    expect(result.stdout).toContain('Low "low\\x1b[1A\\x1b[2K\\u202e"');
  });

  test('tm check: file names cannot forge a line or a workflow command', async () => {
    const result = await runTm(['check', 'named', 'named/::error file=a.tm::pwned.tm', '--today', '2026-11-01'], scratch.dir);
    expectNothingRaw(result.stdout);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.slice(0, -1).every(line => line.startsWith('named/'))).toBe(true);
    expect(lines.at(-1)).toMatch(SUMMARY_LINE);
    expect(result.stdout).toContain('named/x x.tm:1:1: error fake: forged.tm:1:9: warning orphan-element');
    expect(result.stdout).toContain('named/::error file=a.tm::pwned.tm:1:9: warning orphan-element');
    const direct = await runTm(['check', '::error file=a.tm::pwned.tm', '--today', '2026-11-01'], path.join(scratch.dir, 'named'));
    expect(direct.stdout).toMatch(/^\\x3a:error file=a\.tm::pwned\.tm:1:9: warning orphan-element/m);
  });

  test('tm check: model strings in messages, in text and in SARIF', async () => {
    const text = await runTm(['check', 'strings.tm', '--today', '2026-11-01'], scratch.dir);
    expectNothingRaw(text.stdout);
    expect(text.stdout).toContain('\\x1b');
    const sarif = await runTm(['check', 'strings.tm', '--format', 'sarif', '--today', '2026-11-01'], scratch.dir);
    const messages = (JSON.parse(sarif.stdout) as { runs: Array<{ results: Array<{ message: { text: string } }> }> }).runs[0].results.map(result => result.message.text);
    expectNothingRaw(messages.join('\n'));
  });

  test('tm report (Markdown) and tm dfd --format mermaid: model strings reach the text escaped', async () => {
    for (const args of [['report', 'new.tm', '--format', 'md'], ['dfd', 'label.tm', '--format', 'mermaid']]) {
      const result = await runTm([...args, '--today', '2026-11-01'], scratch.dir);
      expect(result.code, result.stderr).toBe(0);
      expectNothingRaw(result.stdout);
      expect(result.stdout).toContain('x1b');
    }
  });

  test('stderr: a path that cannot be read is named escaped', async () => {
    const result = await runTm(['check', `missing${ESC}[2K\n::error::x.tm`], scratch.dir);
    expectNothingRaw(result.stderr);
    expect(result.stderr).toBe('tm: cannot read missing\\x1b[2K ::error::x.tm: no such file or directory\n');
  });
});
