// Trust zones and boundary crossings (docs/language.md §5, §10): an element's zone is its innermost
// enclosing boundary, or the implicit zone *outside*.
import type { Boundary, Element, Flow } from '../language/generated/ast.js';
import { isBoundary } from '../language/generated/ast.js';

export const OUTSIDE = 'outside';
const UNNAMED_ZONE = 'unnamed boundary';

export function zoneOf(element: Element): Boundary | undefined {
  const container = element.$container;
  return isBoundary(container) ? container : undefined;
}

/** A boundary's name, `outside`, or `unnamed boundary` while a half-typed one has no name yet. */
export function zoneName(zone: Boundary | undefined): string {
  return zone ? zone.name ?? UNNAMED_ZONE : OUTSIDE;
}

/** The boundaries around an element, innermost first. */
export function enclosingZones(element: Element): Boundary[] {
  const zones: Boundary[] = [];
  for (let zone = zoneOf(element); zone; zone = isBoundary(zone.$container) ? zone.$container : undefined) {
    zones.push(zone);
  }
  return zones;
}

export interface Crossing {
  from: Boundary | undefined;
  to: Boundary | undefined;
}

/** The two zones a flow connects, when both ends resolve and the zones differ. */
export function flowCrossing(flow: Flow): Crossing | undefined {
  // A half-typed flow may lack an end.
  const source = flow.source?.ref;
  const target = flow.target?.ref;
  if (!source || !target) return undefined;
  const from = zoneOf(source);
  const to = zoneOf(target);
  return from === to ? undefined : { from, to };
}

/** `outside → Shop` */
export function describeCrossing(crossing: Crossing): string {
  return `${zoneName(crossing.from)} → ${zoneName(crossing.to)}`;
}
