// Trust zones and boundary crossings (docs/language.md §5, §10): an element's zone is its innermost
// enclosing boundary, or the implicit zone *outside*.
import type { Boundary, Element, Flow } from '../language/generated/ast.js';
import { isBoundary, isFlow } from '../language/generated/ast.js';

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

/**
 * Why an element, flow or boundary is out of scope, or undefined when it is in scope
 * (docs/language.md §3, §10): its own `out-of-scope "reason"`, or that of the innermost
 * enclosing boundary that has one. A flow is out of scope by its own declaration, or when both
 * its ends are.
 */
export function outOfScopeReason(node: Element | Flow | Boundary): string | undefined {
  // A blank reason takes nothing out of scope, as a blank exemption covers nothing.
  const own = node.outOfScope[0];
  if (own !== undefined && own.trim() !== '') return own;
  if (isFlow(node)) {
    const source = node.source?.ref;
    const target = node.target?.ref;
    const sourceReason = source && outOfScopeReason(source);
    return sourceReason !== undefined && target && outOfScopeReason(target) !== undefined ? sourceReason : undefined;
  }
  return isBoundary(node.$container) ? outOfScopeReason(node.$container) : undefined;
}
