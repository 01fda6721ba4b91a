// The report as GitHub-flavoured Markdown: a PR comment or a file next to the model. The
// diagram is a ```mermaid block (GitHub renders it), plus an image link when the SVG was
// written beside the report.
import type { Report } from './build-report.js';
import type { Block, Cell } from './sections.js';
import { reportSections } from './sections.js';
import { escapeMarkdown } from '../escape/markdown.js';

export interface MarkdownDiagram {
  /** Mermaid source of the DFD. */
  mermaid?: string;
  /** Relative path of the SVG written next to the report. */
  svgPath?: string;
}

export function renderMarkdown(report: Report, diagram: MarkdownDiagram = {}): string {
  return reportSections(report).map(block => markdownBlock(block, diagram)).join('\n\n') + '\n';
}

function markdownBlock(block: Block, diagram: MarkdownDiagram): string {
  switch (block.kind) {
    case 'heading': return `${'#'.repeat(block.level)} ${escapeMarkdown(block.text)}`;
    case 'paragraph': return block.tone ? `**${escapeMarkdown(block.text)}**` : escapeMarkdown(block.text);
    case 'fields': return block.fields.map(([name, value]) => `- **${escapeMarkdown(name)}:** ${escapeMarkdown(value)}`).join('\n');
    case 'list': return block.items.map(item => `- ${escapeMarkdown(item)}`).join('\n');
    case 'table': return markdownTable(block.columns, block.rows);
    case 'diagram': return markdownDiagram(diagram);
  }
}

function markdownTable(columns: readonly string[], rows: readonly Cell[][]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(columns.map(escapeMarkdown)),
    line(columns.map(() => '---')),
    ...rows.map(row => line(row.map(cell => escapeMarkdown(cell.text)))),
  ].join('\n');
}

function markdownDiagram(diagram: MarkdownDiagram): string {
  const parts: string[] = [];
  if (diagram.mermaid !== undefined) parts.push(fenced('mermaid', diagram.mermaid));
  // The path is ours (derived from the output name), but it still must not break the link.
  if (diagram.svgPath !== undefined) parts.push(`![Data-flow diagram](<${diagram.svgPath.replace(/[<>\\]/g, '\\$&')}>)`);
  return parts.length > 0 ? parts.join('\n\n') : '_No diagram available._';
}

/** A fence longer than any backtick run inside, so the content cannot close it. */
function fenced(language: string, content: string): string {
  // A loop: a label of 500,000 backtick runs spread into Math.max would overflow the stack.
  let longestRun = 0;
  for (const [run] of content.matchAll(/`+/g)) longestRun = Math.max(longestRun, run.length);
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}${language}\n${content.replace(/\n$/, '')}\n${fence}`;
}
