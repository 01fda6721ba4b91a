// Synthetic models for the benchmark: N elements, N/10 boundaries nested in chains, two flows
// per element and N/5 threats. One structure is written out twice, as `.tm` text and as JSON,
// so the lower-bound line reads exactly the same model as tm does.

export interface SyntheticElement {
  kind: 'process' | 'store' | 'external';
  name: string;
}

export interface SyntheticBoundary {
  name: string;
  elements: SyntheticElement[];
  children: SyntheticBoundary[];
}

export interface SyntheticFlow {
  name: string;
  source: string;
  target: string;
  protocol: string;
}

export interface SyntheticThreat {
  name: string;
  targets: string[];
  letters: string[];
  likelihood: number;
  impact: number;
}

export interface SyntheticModel {
  title: string;
  outside: SyntheticElement[];
  boundaries: SyntheticBoundary[];
  flows: SyntheticFlow[];
  threats: SyntheticThreat[];
}

const KINDS = ['process', 'store', 'external'] as const;
/** Boundaries nest in chains this deep, so nesting is exercised without nearing the limit of 64. */
const CHAIN_DEPTH = 5;
const PROTOCOLS = ['HTTPS', 'SQL', 'AMQP', 'gRPC'];
const LETTERS_BY_KIND: Record<SyntheticElement['kind'], string[]> = {
  process: ['S', 'T', 'E'],
  store: ['T', 'I'],
  external: ['S', 'R'],
};

export function syntheticModel(elementCount: number, title = `Synthetic ${elementCount}`): SyntheticModel {
  const elements: SyntheticElement[] = [];
  for (let i = 0; i < elementCount; i++) {
    const kind = KINDS[i % 3];
    elements.push({ kind, name: `${kind[0].toUpperCase()}${i}` });
  }
  // Element i sits in boundary floor(i / 10); the last elements stay outside any boundary.
  const boundaryCount = Math.floor(elementCount / 10);
  const boundaries: SyntheticBoundary[] = [];
  const topLevel: SyntheticBoundary[] = [];
  for (let b = 0; b < boundaryCount; b++) {
    const boundary: SyntheticBoundary = { name: `Zone${b}`, elements: [], children: [] };
    if (b % CHAIN_DEPTH === 0) topLevel.push(boundary);
    else boundaries[b - 1].children.push(boundary);
    boundaries.push(boundary);
  }
  const outside: SyntheticElement[] = [];
  elements.forEach((element, i) => {
    const boundary = boundaries[Math.floor(i / 10)];
    // Every tenth element stays outside, so outside → zone crossings exist too.
    if (boundary && i % 10 !== 9) boundary.elements.push(element);
    else outside.push(element);
  });

  // Each element exchanges data with a process, so every flow is valid (docs/language.md §6 invalid-flow).
  const processCount = Math.ceil(elementCount / 3);
  const processName = (k: number) => elements[3 * (((k % processCount) + processCount) % processCount)].name;
  const flows: SyntheticFlow[] = [];
  elements.forEach((element, i) => {
    const group = Math.floor(i / 3);
    const inbound = element.kind === 'process' ? processName(group - 1) : processName(group);
    const outbound = processName(group + 1);
    const protocol = PROTOCOLS[i % PROTOCOLS.length];
    if (inbound !== element.name) flows.push({ name: `In${i}`, source: inbound, target: element.name, protocol });
    else flows.push({ name: `In${i}`, source: element.name, target: processName(group + 2), protocol });
    flows.push({ name: `Out${i}`, source: element.name, target: outbound, protocol });
  });

  const threats: SyntheticThreat[] = [];
  for (let t = 0; t < Math.floor(elementCount / 5); t++) {
    const element = elements[5 * t];
    threats.push({
      name: `T${t}`,
      targets: [element.name, `Out${5 * t}`],
      letters: LETTERS_BY_KIND[element.kind],
      likelihood: 1 + (t % 3),
      impact: 1 + ((t + 1) % 3),
    });
  }
  return { title, outside, boundaries: topLevel, flows, threats };
}

export function toTmText(model: SyntheticModel): string {
  const lines: string[] = [`model "${model.title}" {`, '  owner "bench"', '  reviewed "2026-10-01"', '}', ''];
  const element = (e: SyntheticElement, indent: string) => {
    switch (e.kind) {
      case 'process': return `${indent}process ${e.name} "Process ${e.name}" { privilege service }`;
      case 'store': return `${indent}store ${e.name} "Store ${e.name}" { kind database holds pii }`;
      case 'external': return `${indent}external ${e.name} "External ${e.name}" { kind user }`;
    }
  };
  const boundary = (b: SyntheticBoundary, indent: string) => {
    lines.push(`${indent}boundary ${b.name} "Zone ${b.name}" {`);
    for (const e of b.elements) lines.push(element(e, indent + '  '));
    for (const child of b.children) boundary(child, indent + '  ');
    lines.push(`${indent}}`);
  };
  for (const e of model.outside) lines.push(element(e, ''));
  for (const b of model.boundaries) boundary(b, '');
  lines.push('');
  for (const f of model.flows) {
    lines.push(`flow ${f.name}: ${f.source} -> ${f.target} "flow ${f.name}" {`);
    lines.push(`  protocol ${f.protocol}`);
    lines.push('  authn "mutual TLS"  authz "service allow-list"  validation "schema"');
    lines.push('}');
  }
  lines.push('');
  for (const t of model.threats) {
    lines.push(`threat ${t.name} "Threat ${t.name}" {`);
    lines.push(`  on ${t.targets.join(', ')}`);
    lines.push(`  stride ${t.letters.join(', ')}`);
    lines.push(`  likelihood ${t.likelihood}  impact ${t.impact}`);
    lines.push('  mitigation "Harden the endpoint" done owner "bench"');
    lines.push('}');
  }
  return lines.join('\n') + '\n';
}

export function toJsonText(model: SyntheticModel): string {
  return JSON.stringify(model);
}
