// The preview's side panel: the ranked threat table, the 3×3 likelihood × impact matrix (a
// click on a cell shows only its threats) and the attack trees with the cheapest path marked.
// Built with DOM calls and textContent only, so model text is never parsed as markup.
import type { DiagramAttackNode, DiagramGraph, DiagramThreat } from '../../server/diagram/types.js';

export interface SidePanelEvents {
  /** A threat or attack was clicked: reveal it in the editor. */
  reveal(id: string): void;
  /** The pointer is over a threat: highlight what it is on (empty when it leaves). */
  highlight(ids: string[]): void;
}

const LEVELS = [1, 2, 3] as const;

export class SidePanel {
  private graph: DiagramGraph | undefined;
  /** The matrix cell whose threats the table shows, or undefined for all. */
  private cell: { likelihood: number; impact: number } | undefined;

  constructor(private readonly root: HTMLElement, private readonly events: SidePanelEvents) {}

  render(graph: DiagramGraph): void {
    this.graph = graph;
    if (this.cell && !graph.threats.some(threat => this.inCell(threat))) this.cell = undefined;
    this.root.replaceChildren(this.matrixSection(graph), this.threatSection(graph), this.attackSection(graph));
  }

  private inCell(threat: DiagramThreat): boolean {
    return !this.cell || (threat.likelihood === this.cell.likelihood && threat.impact === this.cell.impact);
  }

  private matrixSection(graph: DiagramGraph): HTMLElement {
    const section = element('section', { className: 'matrix-section' }, element('h2', {}, 'Likelihood × impact'));
    const table = element('table', { className: 'matrix' });
    const header = element('tr', {}, element('th', { className: 'corner' }, 'impact ╲ likelihood'));
    for (const likelihood of LEVELS) header.append(element('th', { scope: 'col' }, String(likelihood)));
    table.append(header);
    // The cells come in drawing order: impact 3 to 1, likelihood 1 to 3 within each row.
    for (let rowStart = 0; rowStart < graph.riskMatrix.length; rowStart += LEVELS.length) {
      const cells = graph.riskMatrix.slice(rowStart, rowStart + LEVELS.length);
      const row = element('tr', {}, element('th', { scope: 'row' }, String(cells[0].impact)));
      for (const { likelihood, impact, bucket, threats } of cells) {
        const count = threats.length;
        const selected = this.cell?.likelihood === likelihood && this.cell.impact === impact;
        const button = element('button', {
          type: 'button',
          className: `cell bucket-${bucket.replace(' ', '-')}${selected ? ' selected' : ''}`,
          title: `Likelihood ${likelihood}, impact ${impact}: ${count} threat${count === 1 ? '' : 's'}`,
        }, count > 0 ? String(count) : '');
        button.dataset.likelihood = String(likelihood);
        button.dataset.impact = String(impact);
        button.setAttribute('aria-pressed', String(selected));
        button.addEventListener('click', () => {
          this.cell = selected ? undefined : { likelihood, impact };
          this.render(graph);
        });
        row.append(element('td', {}, button));
      }
      table.append(row);
    }
    section.append(table);
    return section;
  }

  private threatSection(graph: DiagramGraph): HTMLElement {
    const shown = graph.threats.filter(threat => this.inCell(threat));
    const title = this.cell ? `Threats at likelihood ${this.cell.likelihood}, impact ${this.cell.impact}` : 'Threats by score';
    const section = element('section', { className: 'threat-section' }, element('h2', {}, title));
    if (shown.length === 0) {
      section.append(element('p', { className: 'empty' }, 'No threats yet.'));
      return section;
    }
    const table = element('table', { className: 'threats' });
    table.append(element('tr', {}, ...['Threat', 'On', 'STRIDE', 'Score', 'Status'].map(text => element('th', { scope: 'col' }, text))));
    for (const threat of shown) {
      const row = element('tr', { className: `threat bucket-${threat.bucket ? threat.bucket.replace(' ', '-') : 'unscored'}` },
        element('td', { className: 'title' }, element('strong', {}, threat.id), ` ${threat.title}`),
        element('td', {}, threat.targets.map(target => threat.statusAt ? `${target} (${threat.statusAt[target]})` : target).join(', ')),
        element('td', {}, threat.letters.join(' ')),
        element('td', { className: 'score' }, threat.score === undefined ? '—' : `${threat.score} · ${threat.bucket}`),
        element('td', {}, threat.status));
      row.dataset.id = threat.id;
      row.addEventListener('click', () => this.events.reveal(threat.id));
      row.addEventListener('mouseenter', () => this.events.highlight(threat.targets));
      row.addEventListener('mouseleave', () => this.events.highlight([]));
      table.append(row);
    }
    section.append(table);
    return section;
  }

  private attackSection(graph: DiagramGraph): HTMLElement {
    const section = element('section', { className: 'attack-section' }, element('h2', {}, 'Attack trees'));
    if (graph.attacks.length === 0) section.append(element('p', { className: 'empty' }, 'No attack trees.'));
    for (const attack of graph.attacks) {
      const heading = element('h3', {}, element('strong', {}, attack.id), ` ${attack.goal}`);
      heading.addEventListener('click', () => this.events.reveal(attack.id));
      const summary = attack.cheapestCost === undefined
        ? 'No path with a valid cost.'
        : `Cheapest path costs ${attack.cheapestCost}${attack.realizes.length > 0 ? `; realizes ${attack.realizes.join(', ')}` : ''}. Cut it first.`;
      const tree = element('div', { className: 'attack' }, heading, element('p', { className: 'cost' }, summary));
      tree.dataset.id = attack.id;
      if (attack.tree) tree.append(element('ul', { className: 'tree' }, attackNode(attack.tree)));
      section.append(tree);
    }
    return section;
  }

  /** The current graph, for hover cards. */
  threatsOn(id: string): DiagramThreat[] {
    return this.graph?.threats.filter(threat => threat.targets.includes(id)) ?? [];
  }
}

function attackNode(node: DiagramAttackNode): HTMLElement {
  const detail = node.gate ? node.gate.toUpperCase() : node.cost === undefined ? 'cost ?' : `cost ${node.cost}`;
  const item = element('li', { className: node.onCheapestPath ? 'on-path' : '' },
    element('span', { className: 'node-text' }, node.text),
    element('span', { className: node.gate ? 'gate' : 'leaf-cost' }, detail));
  if (node.children.length > 0) item.append(list({}, node.children.map(attackNode)));
  return item;
}

/** A list of any length: its items appended one by one, never spread into one call (100,000 would overflow the stack). */
export function list(properties: Properties, items: Iterable<Node>): HTMLUListElement {
  const created = element('ul', properties);
  for (const item of items) created.append(item);
  return created;
}

type Properties = Partial<Pick<HTMLElement, 'className' | 'title'>> & { scope?: string; type?: string };

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, properties: Properties, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  for (const [name, value] of Object.entries(properties)) {
    if (value !== undefined && value !== '') created.setAttribute(name === 'className' ? 'class' : name, value);
  }
  created.append(...children);
  return created;
}
