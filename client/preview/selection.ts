// Which part of the picture the editor's cursor is on: the innermost declaration whose range
// holds the cursor. A threat highlights what it is on. Pure, over the graph the server sent.
// What an imported file declares has its ranges in that file: the cursor is never on it.
import type { DiagramGraph, SourceLocation, SourcePosition, SourceRange } from '../../server/diagram/types.js';

export function idsAtPosition(graph: DiagramGraph, position: SourcePosition): string[] {
  const drawn = [...graph.nodes, ...graph.edges, ...graph.boundaries];
  const declarations: Array<{ ids: string[]; location: SourceLocation }> = [
    ...drawn.map(item => ({ ids: [item.id], location: item })),
    ...graph.threats.map(threat => ({ ids: threat.targets, location: threat })),
  ].filter(declaration => declaration.location.importedFrom === undefined);
  let best: { ids: string[]; location: SourceLocation } | undefined;
  for (const declaration of declarations) {
    if (!contains(declaration.location.range, position)) continue;
    if (!best || contains(best.location.range, declaration.location.range.start)) best = declaration;
  }
  return best?.ids ?? [];
}

/** Where an element, flow, boundary, threat or attack is declared, by name. */
export function locationOf(graph: DiagramGraph, id: string): SourceLocation | undefined {
  return [...graph.nodes, ...graph.edges, ...graph.boundaries, ...graph.threats, ...graph.attacks].find(item => item.id === id);
}

function contains(range: SourceRange, position: SourcePosition): boolean {
  return !isBefore(position, range.start) && !isBefore(range.end, position);
}

function isBefore(a: SourcePosition, b: SourcePosition): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
