// `tm diff` output: plain text for a terminal, Markdown for a pull-request comment. Both
// render the same sections, so they list the same changes.
import type { ReportControl, ReportThreat } from './build-report.js';
import type { ControlChange, ModelDiff, ThreatChange } from './diff.js';
import { isEmptyDiff } from './diff.js';
import { escapeMarkdown } from '../escape/markdown.js';
import { escapeTerminal } from '../escape/terminal.js';

export interface FileDiff {
  /** The model's path as the user gave it. */
  path: string;
  diff: ModelDiff;
  /** Gate failures for the `--fail-on` conditions asked for. */
  failures: string[];
}

interface Section {
  heading: string;
  items: string[];
}

function diffSections(diff: ModelDiff): Section[] {
  const sections: Section[] = [
    { heading: 'Threats added', items: diff.added.map(describeThreat) },
    { heading: 'Threats removed', items: diff.removed.map(describeThreat) },
    { heading: 'Threats changed', items: diff.changed.map(describeChange) },
    { heading: 'Newly uncovered STRIDE letters', items: diff.newlyUncovered.map(entry => `${entry.kind} ${entry.name}: ${entry.letters.join(', ')}`) },
    { heading: 'Newly covered STRIDE letters', items: diff.newlyCovered.map(entry => `${entry.kind} ${entry.name}: ${entry.letters.join(', ')}`) },
    { heading: 'New boundary crossings', items: diff.newCrossings.map(flow => `${flow.name}: ${flow.source} → ${flow.target} (${flow.crossing!.from} → ${flow.crossing!.to}); authn ${controlText(flow.controls.authn)}, authz ${controlText(flow.controls.authz)}, validation ${controlText(flow.controls.validation)}`) },
    { heading: 'Changed boundary controls', items: diff.controlChanges.map(describeControlChange) },
  ];
  return sections.filter(section => section.items.length > 0);
}

function describeThreat(threat: ReportThreat): string {
  const score = threat.score === undefined ? 'unscored' : `score ${threat.score} (${threat.bucket})`;
  return `${threat.name} "${threat.label}" [${threat.letters.join(', ')}] on ${threat.targets.map(target => target.name).join(', ') || 'nothing'}: ${score}, ${threat.status}`;
}

function describeChange(change: ThreatChange): string {
  const parts: string[] = [];
  if (change.renamed) parts.push(`renamed from ${change.before.name} (matched by ${change.match === 'title' ? 'title' : 'targets and letters'})`);
  if (change.retitled) parts.push(`title "${change.before.label}" → "${change.after.label}"`);
  if (change.score) parts.push(`score ${change.score.from ?? 'unscored'} → ${change.score.to ?? 'unscored'}`);
  if (change.status) parts.push(`status ${change.status.from} → ${change.status.to}`);
  if (change.lettersChanged) parts.push(`STRIDE ${change.before.letters.join(', ')} → ${change.after.letters.join(', ')}`);
  if (change.targetsChanged) parts.push(`targets ${change.before.targets.map(t => t.name).join(', ')} → ${change.after.targets.map(t => t.name).join(', ')}`);
  return `${change.after.name}: ${parts.join('; ')}`;
}

function describeControlChange(change: ControlChange): string {
  return `${change.name} ${change.control}: ${change.from ? controlText(change.from) : 'not crossing before'} → ${controlText(change.to)}`;
}

function controlText(control: ReportControl): string {
  switch (control.state) {
    case 'missing': return 'missing';
    case 'none': return 'none';
    default: return `"${control.text}"`;
  }
}

export function renderDiffText(files: readonly FileDiff[]): string {
  const lines: string[] = [];
  for (const file of files) {
    lines.push(`${escapeTerminal(file.path)}:`);
    if (isEmptyDiff(file.diff)) lines.push('  no semantic change');
    for (const section of diffSections(file.diff)) {
      lines.push(`  ${section.heading}:`);
      for (const item of section.items) lines.push(`    - ${escapeTerminal(item)}`);
    }
    for (const failure of file.failures) lines.push(`  FAIL ${escapeTerminal(failure)}`);
  }
  return lines.join('\n') + '\n';
}

export function renderDiffMarkdown(files: readonly FileDiff[]): string {
  const failures = files.reduce((count, file) => count + file.failures.length, 0);
  const blocks: string[] = ['## Threat model changes'];
  if (failures > 0) blocks.push(`**The threat-model gate fails: ${failures} finding${failures === 1 ? '' : 's'}.**`);
  for (const file of files) {
    blocks.push(`### ${escapeMarkdown(file.path)}`);
    if (isEmptyDiff(file.diff)) blocks.push('No semantic change.');
    for (const section of diffSections(file.diff)) {
      blocks.push(`**${section.heading}**\n\n${section.items.map(item => `- ${escapeMarkdown(item)}`).join('\n')}`);
    }
    if (file.failures.length > 0) blocks.push(`**Gate failures**\n\n${file.failures.map(failure => `- ${escapeMarkdown(failure)}`).join('\n')}`);
  }
  return blocks.join('\n\n') + '\n';
}
