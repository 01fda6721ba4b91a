// How elements and flows are named to people: their kind in words and their display label.
import type { NamedDeclaration } from '../language/generated/ast.js';

const KIND_NAMES: Record<NamedDeclaration['$type'], string> = {
  External: 'external entity',
  Process: 'process',
  Store: 'data store',
  Boundary: 'boundary',
  Flow: 'flow',
  Threat: 'threat',
  Attack: 'attack',
  DataAsset: 'data asset',
};

/** `data store` */
export function kindName(node: NamedDeclaration): string {
  return KIND_NAMES[node.$type];
}

/** `Data store Orders` */
export function describeDeclaration(node: NamedDeclaration): string {
  const kind = kindName(node);
  return `${kind[0].toUpperCase()}${kind.slice(1)} ${node.name}`;
}

/** What diagrams and reports show: the label, or the name when there is none (docs/language.md §2). */
export function displayLabel(node: NamedDeclaration): string {
  const label = node.$type === 'Threat' ? node.title : node.$type === 'Attack' ? node.goal : node.label;
  return label !== undefined && label.trim() !== '' ? label : node.name;
}
