// The reviewer's document as a list of blocks (headings, paragraphs, tables, lists). The
// Markdown and HTML writers render the same blocks, so both show the same content in the
// same order; only escaping and styling differ. Text here is plain: writers escape it.
import type { Described, Report, ReportControl, ReportDecision, ReportThreat } from './build-report.js';
import { CONTROL_NAMES } from '../domain/fields.js';

/** Colours a cell by meaning; the HTML writer maps tones to CSS classes. */
export type Tone = 'fix-now' | 'fix-soon' | 'watch' | 'good' | 'bad';

export interface Cell {
  text: string;
  tone?: Tone;
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string; tone?: Tone }
  | { kind: 'fields'; fields: Array<[string, string]> }
  | { kind: 'table'; columns: string[]; rows: Cell[][] }
  | { kind: 'list'; items: string[] }
  /** Where the writer places the data-flow diagram. */
  | { kind: 'diagram' };

export function reportSections(report: Report): Block[] {
  return [
    { kind: 'heading', level: 1, text: report.title },
    { kind: 'fields', fields: headerFields(report) },
    ...(report.description ? [{ kind: 'paragraph' as const, text: report.description }] : []),
    verdictBlock(report),
    { kind: 'heading', level: 2, text: 'Data-flow diagram' },
    { kind: 'diagram' },
    ...boundarySection(report),
    ...threatSection(report),
    ...suggestionSection(report),
    ...decisionSections(report),
    ...attackSection(report),
    ...dataAssetSection(report),
    ...notesSection(report),
    ...coverageSection(report),
  ];
}

function dataAssetSection(report: Report): Block[] {
  if (!report.dataAssets) return [];
  return [
    { kind: 'heading', level: 2, text: 'Data assets' },
    {
      kind: 'table',
      columns: ['Asset', 'Sensitivity', 'Integrity', 'Availability', 'Counts as'],
      rows: report.dataAssets.map(asset => [
        { text: named(asset) },
        { text: asset.sensitivity ?? '—' },
        { text: asset.integrity ?? '—' },
        { text: asset.availability ?? '—' },
        { text: asset.classes.join(', ') || '—' },
      ]),
    },
  ];
}

function note(what: string, item: Described): { what: string; item: Described } {
  return { what, item };
}

/** Every declaration's description and references, in the order of the sections above. */
function notesSection(report: Report): Block[] {
  const entries: Array<{ what: string; item: Described }> = [
    ...(report.references ? [note('The model', { references: report.references })] : []),
    ...report.elements.map(item => ({ what: `${item.kind} ${named(item)}`, item })),
    ...report.boundaries.map(item => ({ what: `boundary ${named(item)}`, item })),
    ...report.flows.map(item => ({ what: `flow ${named(item)}`, item })),
    ...report.threats.map(item => ({ what: `threat ${named(item)}`, item })),
    ...report.threats.flatMap(threat => threat.decisions.map(decision => note(`${threat.name}: ${decision.kind} "${decision.text}"`, { references: decision.references }))),
    ...report.attacks.map(item => ({ what: `attack ${named(item)}`, item })),
    ...(report.dataAssets ?? []).map(item => ({ what: `data ${named(item)}`, item })),
  ].filter(({ item }) => item.description !== undefined || item.references !== undefined);
  if (entries.length === 0) return [];
  return [
    { kind: 'heading', level: 2, text: 'Descriptions and references' },
    {
      kind: 'table',
      columns: ['Declaration', 'Description', 'References'],
      rows: entries.map(({ what, item }) => [
        { text: what },
        { text: item.description ?? '—' },
        { text: item.references?.map(reference => reference.url && reference.url !== reference.id ? `${reference.id} (${reference.url})` : reference.id).join(', ') ?? '—' },
      ]),
    },
  ];
}

function headerFields(report: Report): Array<[string, string]> {
  return [
    ['Owner', report.owner ?? 'not stated'],
    ['Last review', reviewText(report)],
    ...(report.revisit ? [['Revisit', report.revisit] as [string, string]] : []),
  ];
}

function reviewText(report: Report): string {
  const { review } = report;
  switch (review.verdict) {
    case 'missing': return 'never (no reviewed date)';
    case 'malformed': return `${report.reviewed} (not a valid YYYY-MM-DD date)`;
    case 'future': return `${report.reviewed} (in the future on ${review.today})`;
    case 'stale': return `${report.reviewed} (${review.ageDays} days ago: stale, older than ${review.maxAgeDays} days)`;
    case 'fresh': return `${report.reviewed} (${review.ageDays} days ago)`;
  }
}

function verdictText(report: Report): string {
  const { verdict } = report;
  if (verdict.done) return `Done: no threat scoring 6 or more is open or planned (${plural(verdict.threats, 'threat')} in the model).`;
  return `Not done: ${plural(verdict.fixNowOpen, 'fix-now threat')} still open or planned.`;
}

function verdictBlock(report: Report): Block {
  return { kind: 'paragraph', text: verdictText(report), tone: report.verdict.done ? 'good' : 'bad' };
}

function boundarySection(report: Report): Block[] {
  const crossing = report.flows.filter(flow => flow.crossing);
  return [
    { kind: 'heading', level: 2, text: 'Trust boundaries' },
    report.boundaries.length === 0
      ? { kind: 'paragraph', text: 'The model declares no trust boundary.' }
      : {
        kind: 'table',
        columns: ['Boundary', 'Inside', 'Members'],
        rows: report.boundaries.map(boundary => [
          { text: named(boundary) },
          { text: boundary.parent },
          { text: boundary.members.join(', ') || '—' },
        ]),
      },
    { kind: 'heading', level: 3, text: 'Flows crossing a boundary' },
    crossing.length === 0
      ? { kind: 'paragraph', text: 'No flow crosses a trust boundary.' }
      : {
        kind: 'table',
        columns: ['Flow', 'Zones', 'Channel', 'Carries', ...CONTROL_NAMES],
        rows: crossing.map(flow => [
          { text: `${named(flow)}: ${flow.source} → ${flow.target}` },
          { text: `${flow.crossing!.from} → ${flow.crossing!.to}` },
          { text: `${flow.protocol ?? 'no protocol'}${flow.port === undefined ? '' : ` port ${flow.port}`} (${flow.channel})`, tone: flow.channel === 'plaintext' ? 'bad' : undefined },
          { text: `${flow.carries.join(', ') || '—'}${flow.returns ? `; returns ${flow.returns.join(', ')}` : ''}` },
          ...CONTROL_NAMES.map(name => controlCell(flow.controls[name])),
        ]),
      },
  ];
}

function controlCell(control: ReportControl): Cell {
  switch (control.state) {
    case 'missing': return { text: 'missing', tone: 'bad' };
    case 'none': return { text: 'none (decided)' };
    case 'stub': return { text: control.text!, tone: 'fix-soon' };
    case 'declared': return { text: control.text! };
  }
}

/** What the threat catalogue suggests and the model has not recorded: never counted as coverage (docs/catalogue.md). */
function suggestionSection(report: Report): Block[] {
  if (!report.suggestions) return [];
  return [
    { kind: 'heading', level: 2, text: 'Suggested threats' },
    { kind: 'paragraph', text: 'The threat catalogue suggests these; the model has neither added nor dismissed them. They are not counted as coverage.' },
    {
      kind: 'table',
      columns: ['Where', 'Suggested threat', 'STRIDE', 'Why', 'Entry', 'References'],
      rows: report.suggestions.map(suggestion => [
        { text: `${suggestion.targetKind} ${suggestion.target}` },
        { text: suggestion.title },
        { text: suggestion.letters.join(' ') },
        { text: suggestion.trigger },
        { text: suggestion.entry },
        { text: suggestion.references?.map(reference => reference.id).join(', ') ?? '—' },
      ]),
    },
  ];
}

function threatSection(report: Report): Block[] {
  return [
    { kind: 'heading', level: 2, text: 'Threats' },
    report.threats.length === 0
      ? { kind: 'paragraph', text: 'The model lists no threat.' }
      : {
        kind: 'table',
        columns: ['#', 'Threat', 'STRIDE', 'L', 'I', 'L×I', 'Bucket', 'Status', 'Targets'],
        rows: report.threats.map(threat => [
          { text: String(threat.rank) },
          { text: named(threat) },
          { text: threat.letters.join(' ') || '—' },
          { text: threat.likelihood === undefined ? '—' : String(threat.likelihood) },
          { text: threat.impact === undefined ? '—' : String(threat.impact) },
          { text: threat.score === undefined ? 'unscored' : String(threat.score) },
          { text: threat.bucket ?? '—', tone: bucketTone(threat) },
          { text: threat.status, tone: threat.openFixNow ? 'bad' : undefined },
          { text: threat.targets.map(target => target.status === undefined ? named(target) : `${named(target)} (${target.status})`).join(', ') || '—' },
        ]),
      },
  ];
}

function bucketTone(threat: ReportThreat): Tone | undefined {
  return threat.bucket === 'fix now' ? 'fix-now' : threat.bucket === 'fix soon' ? 'fix-soon' : threat.bucket === 'watch' ? 'watch' : undefined;
}

function decisionSections(report: Report): Block[] {
  const all = report.threats.flatMap(threat => threat.decisions.map(decision => ({ threat, decision })));
  const mitigations = all.filter(({ decision }) => decision.kind === 'mitigation');
  const others = all.filter(({ decision }) => decision.kind !== 'mitigation');
  return [
    { kind: 'heading', level: 2, text: 'Mitigations' },
    mitigations.length === 0
      ? { kind: 'paragraph', text: 'No mitigation is recorded.' }
      : {
        kind: 'table',
        columns: ['Threat', 'Mitigation', 'Status', 'Owner', 'Ticket'],
        rows: mitigations.map(({ threat, decision }) => [
          { text: decidedFor(threat, decision) },
          { text: decision.text },
          { text: decision.status!, tone: decision.status === 'done' ? 'good' : undefined },
          { text: decision.owner ?? '—' },
          { text: decision.ticket ?? '—' },
        ]),
      },
    { kind: 'heading', level: 2, text: 'Accepted, transferred and eliminated' },
    others.length === 0
      ? { kind: 'paragraph', text: 'No risk is accepted, transferred or eliminated.' }
      : {
        kind: 'table',
        columns: ['Threat', 'Decision', 'Reason', 'Who', 'Ticket', 'Date', 'Until'],
        rows: others.map(({ threat, decision }) => [
          { text: decidedFor(threat, decision) },
          { text: decisionState(decision), tone: decision.effective ? undefined : 'bad' },
          { text: decision.text },
          { text: whoOf(decision) },
          { text: decision.ticket ?? '—' },
          { text: decision.date ?? '—' },
          { text: decision.until ?? '—' },
        ]),
      },
  ];
}

/** `T1`, or `T1 (for Api, Db)` for a decision about some of its targets. */
function decidedFor(threat: ReportThreat, decision: ReportDecision): string {
  return decision.for ? `${threat.name} (for ${decision.for.join(', ')})` : threat.name;
}

function decisionState(decision: ReportDecision): string {
  if (decision.effective) return decision.kind;
  if (decision.expired) return `${decision.kind} (expired after ${decision.until}, not counted)`;
  return `${decision.kind} (not a decision yet: incomplete or TODO, not counted)`;
}

function whoOf(decision: ReportDecision): string {
  if (decision.kind === 'accepted') return decision.by ? `by ${decision.by}` : 'nobody named';
  if (decision.kind === 'transferred') return `to ${decision.to}`;
  return '—';
}

function attackSection(report: Report): Block[] {
  if (report.attacks.length === 0) return [];
  return [
    { kind: 'heading', level: 2, text: 'Attack trees' },
    ...report.attacks.flatMap((attack): Block[] => [
      { kind: 'heading', level: 3, text: `${named(attack)}${attack.realizes.length > 0 ? ` (realizes ${attack.realizes.join(', ')})` : ''}` },
      attack.cheapestPath
        ? { kind: 'paragraph', text: `Cheapest path, cost ${attack.cheapestPath.costLabel}: cut one of these first.` }
        : { kind: 'paragraph', text: 'No complete path: a leaf on every way lacks a valid cost.' },
      ...(attack.cheapestPath ? [{ kind: 'list' as const, items: attack.cheapestPath.steps.map(step => step.join(' › ')) }] : []),
      ...(attack.unexpanded ? [
        { kind: 'paragraph' as const, text: 'Not counted: unexpanded leaves, which have no cost yet.' },
        { kind: 'list' as const, items: attack.unexpanded.map(step => step.join(' › ')) },
      ] : []),
    ]),
  ];
}

function coverageSection(report: Report): Block[] {
  return [
    { kind: 'heading', level: 2, text: 'STRIDE coverage' },
    {
      kind: 'table',
      columns: ['Element or flow', 'Kind', 'Applies', 'Covered', 'Uncovered', 'Exemptions'],
      rows: report.coverage.map(entry => [
        { text: named(entry) },
        { text: entry.kind },
        { text: entry.applicable.join(' ') },
        { text: entry.covered.join(' ') || '—' },
        entry.uncovered.length === 0
          ? { text: '—', tone: 'good' }
          : { text: `${entry.uncovered.join(' ')}${entry.checked ? '' : ' (not checked)'}`, tone: entry.checked ? 'bad' : undefined },
        { text: [...(entry.outOfScope !== undefined ? [`out of scope: ${entry.outOfScope}`] : []), ...entry.exemptions.map(exemption => `${exemption.letters.join(' ')}: ${exemption.reason}`)].join('; ') || '—' },
      ]),
    },
  ];
}

/** `Api (API server)`, or just the name when the label is the name. */
/** `Api (API server)`; `idp.Login (Sign-in service), from ../platform/idp.tm` for what an imported file declares. */
function named(item: { name: string; label: string; importedFrom?: string }): string {
  const text = item.label === item.name ? item.name : `${item.name} (${item.label})`;
  return item.importedFrom === undefined ? text : `${text}, from ${item.importedFrom}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
