// The report as one self-contained HTML file: inline CSS, the DFD as inline SVG, no scripts
// at all (it must be readable with JavaScript off and safe to open from an attachment), and
// print rules so it can be handed over on paper or as a PDF.
import type { Report } from './build-report.js';
import type { Block, Cell, Tone } from './sections.js';
import { reportSections } from './sections.js';
import { escapeXml } from '../escape/xml.js';

export interface HtmlDiagram {
  /** An `<svg>` element from the diagram renderer, embedded as is. */
  svg?: string;
}

const STYLE = `
:root { color-scheme: light; --fix-now: #b3261e; --fix-soon: #8a5a00; --watch: #2e5e8c; --good: #1e6b34; --bad: #b3261e; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1b1b; max-width: 72rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { margin-bottom: .25rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; } dl.fields dt { font-weight: 600; } dl.fields dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: 14px; }
th, td { border: 1px solid #d0d0d0; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
.verdict { font-weight: 700; padding: .5rem .75rem; border-left: 4px solid currentColor; }
.tone-fix-now { color: var(--fix-now); font-weight: 600; } .tone-fix-soon { color: var(--fix-soon); } .tone-watch { color: var(--watch); }
.tone-good { color: var(--good); } .tone-bad { color: var(--bad); font-weight: 600; }
figure.diagram { margin: 1rem 0; overflow: auto; max-height: 90vh; } figure.diagram svg { max-width: none; height: auto; }
@media print {
  body { max-width: none; margin: 0; font-size: 11pt; }
  h2 { break-after: avoid; } table, figure.diagram { break-inside: avoid; }
  figure.diagram { overflow: visible; max-height: none; } figure.diagram svg { max-width: 100%; }
  tr { break-inside: avoid; } thead { display: table-header-group; }
  th { background: none; }
}`;

export function renderHtml(report: Report, diagram: HtmlDiagram = {}): string {
  const body = reportSections(report).map(block => htmlBlock(block, diagram)).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="tm report (schema ${escapeXml(report.schemaVersion)})">
<title>${escapeXml(report.title)} — threat model</title>
<style>${STYLE}
</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function htmlBlock(block: Block, diagram: HtmlDiagram): string {
  switch (block.kind) {
    case 'heading': return `<h${block.level}>${escapeXml(block.text)}</h${block.level}>`;
    case 'paragraph': return `<p${block.tone ? ` class="verdict ${toneClass(block.tone)}"` : ''}>${escapeXml(block.text)}</p>`;
    case 'fields': return `<dl class="fields">${block.fields.map(([name, value]) => `<dt>${escapeXml(name)}</dt><dd>${escapeXml(value)}</dd>`).join('')}</dl>`;
    case 'list': return `<ul>\n${block.items.map(item => `<li>${escapeXml(item)}</li>`).join('\n')}\n</ul>`;
    case 'table': return htmlTable(block.columns, block.rows);
    case 'diagram': return diagram.svg ? `<figure class="diagram">${diagram.svg}</figure>` : '<p><em>No diagram available.</em></p>';
  }
}

function htmlTable(columns: readonly string[], rows: readonly Cell[][]): string {
  const head = `<thead><tr>${columns.map(column => `<th>${escapeXml(column)}</th>`).join('')}</tr></thead>`;
  const body = rows.map(row => `<tr>${row.map(cell => `<td${cell.tone ? ` class="${toneClass(cell.tone)}"` : ''}>${escapeXml(cell.text)}</td>`).join('')}</tr>`);
  return `<table>\n${head}\n<tbody>\n${body.join('\n')}\n</tbody>\n</table>`;
}

function toneClass(tone: Tone): string {
  return `tone-${tone}`;
}
