// How much of another tool's findings on its own sample the default catalogue proposes, measured:
// each judgement file (test/catalogue/coverage/*.yaml) maps the tool's finding kinds to the tm
// entries that cover them and where, and judges every suggestion tm makes on the translated model.
// coverage.test.ts checks the judgements against a fresh run and renders docs/catalogue-coverage.md.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { defaultPack } from '../../server/catalogue/default-pack.js';
import { suggestionsOf } from '../../server/catalogue/suggestions.js';
import { analyzeModel } from '../../server/domain/analysis.js';
import { parseModel } from '../language/harness.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** One finding kind of the other tool on its sample, and what tm makes of it. */
export interface ToolFinding {
  id: string;
  title: string;
  /** Where the tool reports it, in the tool's names. */
  on: string[];
  /** tm names → the entries any of which covers the finding there. */
  expect?: Record<string, string[]>;
  /** Why tm's model cannot say what the finding keys on. */
  'not-expressible'?: string;
  /** Why the finding does not hold for the system the sample describes. */
  'not-in-system'?: string;
  note?: string;
}

export interface Judgements {
  tool: string;
  source: string;
  model: string;
  findings: ToolFinding[];
  /** tm name → entry id → `right: why` or `false: why`. */
  suggestions: Record<string, Record<string, string>>;
}

export type FindingStatus = 'proposed' | 'partly' | 'missed' | 'not expressible' | 'not in the system';

export interface MeasuredFinding {
  finding: ToolFinding;
  status: FindingStatus;
  /** The places (tm names) where an expected entry is suggested, and where none is. */
  found: string[];
  missing: string[];
}

export interface Measurement {
  judgements: Judgements;
  findings: MeasuredFinding[];
  /** Every suggestion on the model: `name tm:id`. */
  suggestions: string[];
  judged: Array<{ place: string; entry: string; verdict: 'right' | 'false'; why: string }>;
}

export function readJudgements(file: string): Judgements {
  return parse(fs.readFileSync(path.join(ROOT, 'test/catalogue/coverage', file), 'utf8')) as Judgements;
}

/** Runs the default catalogue on the judgement file's model and sets each finding's status. */
export async function measure(judgements: Judgements): Promise<Measurement> {
  const model = await parseModel(fs.readFileSync(path.join(ROOT, judgements.model), 'utf8'));
  const suggested = new Set<string>();
  for (const [target, suggestions] of suggestionsOf(analyzeModel(model), defaultPack())) {
    for (const { entry } of suggestions) suggested.add(`${target.name} ${entry.id}`);
  }
  const findings = judgements.findings.map((finding): MeasuredFinding => {
    if (finding['not-expressible']) return { finding, status: 'not expressible', found: [], missing: [] };
    if (finding['not-in-system']) return { finding, status: 'not in the system', found: [], missing: [] };
    const places = Object.entries(finding.expect ?? {});
    const found = places.filter(([place, entries]) => entries.some(entry => suggested.has(`${place} ${entry}`))).map(([place]) => place);
    const missing = places.map(([place]) => place).filter(place => !found.includes(place));
    const status = missing.length === 0 && found.length > 0 ? 'proposed' : found.length > 0 ? 'partly' : 'missed';
    return { finding, status, found, missing };
  });
  const judged = Object.entries(judgements.suggestions ?? {}).flatMap(([place, entries]) => Object.entries(entries).map(([entry, text]) => {
    const verdict = /^(right|false):\s*(.*)$/s.exec(text);
    if (!verdict) throw new Error(`${judgements.model}: the judgement of ${place} ${entry} starts with neither "right:" nor "false:"`);
    return { place, entry, verdict: verdict[1] as 'right' | 'false', why: verdict[2] };
  }));
  return { judgements, findings, suggestions: [...suggested].sort(), judged };
}

export interface Figures {
  expressible: number;
  proposed: number;
  suggestions: number;
  falseSuggestions: number;
}

export function figures(measurement: Measurement): Figures {
  const expressible = measurement.findings.filter(({ status }) => status === 'proposed' || status === 'partly' || status === 'missed');
  return {
    expressible: expressible.length,
    proposed: expressible.filter(({ status }) => status === 'proposed').length,
    suggestions: measurement.judged.length,
    falseSuggestions: measurement.judged.filter(({ verdict }) => verdict === 'false').length,
  };
}

const percent = (part: number, whole: number): string => whole === 0 ? '–' : `${Math.round((100 * part) / whole)} %`;
// The judgement files are the project's own Markdown; a cell only has to stay one table cell.
const cell = (text: string): string => text.trim().replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
const code = (text: string): string => `\`${text}\``;

/** The Markdown of one measurement: figures, the finding table and the judged suggestions. */
export function renderMeasurement(measurement: Measurement): string {
  const { judgements, findings, judged } = measurement;
  const counts = figures(measurement);
  const lines = [
    `Model: \`${judgements.model}\`. The findings: ${cell(judgements.source)}.`,
    '',
    `- ${findings.length} finding kinds; ${counts.expressible} expressible in tm's model, of which tm proposes **${counts.proposed}** (${percent(counts.proposed, counts.expressible)}).`,
    `- ${findings.filter(({ status }) => status === 'not expressible').length} not expressible, ${findings.filter(({ status }) => status === 'not in the system').length} not in the system the sample describes.`,
    `- tm makes ${counts.suggestions} suggestions on the model; **${counts.falseSuggestions}** judged false (${percent(counts.falseSuggestions, counts.suggestions)}).`,
    '',
    `| ${judgements.tool} finding | reported on | tm | entries, or why not |`,
    '|---|---|---|---|',
    ...findings.map(({ finding, status, found, missing }) => {
      const entries = [...new Set(Object.values(finding.expect ?? {}).flat())].map(code).join(', ');
      const where = status === 'partly' ? ` on ${found.join(', ')}; not on ${missing.join(', ')}` : status === 'proposed' ? ` on ${found.join(', ')}` : '';
      const why = finding['not-expressible'] ?? finding['not-in-system'] ?? `${entries}${where}`;
      const note = finding.note ? `. ${finding.note}` : '';
      return `| ${cell(`${finding.id} ${finding.title}`)} | ${cell(finding.on.join(', '))} | ${status} | ${cell(why + note)} |`;
    }),
    '',
    `Every suggestion tm makes on \`${judgements.model}\`, judged:`,
    '',
    '| where | entry | judged | why |',
    '|---|---|---|---|',
    ...judged.map(({ place, entry, verdict, why }) => `| ${cell(place)} | ${code(entry)} | ${verdict} | ${cell(why)} |`),
  ];
  return lines.join('\n');
}
