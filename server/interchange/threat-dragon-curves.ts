// Threat Dragon's curved trust boundaries as tm zones. A curve is a line drawn across the
// diagram; a flow whose line crosses it (an odd number of times) passes the boundary. tm has
// zones, not lines, so the elements are split into two sides: the ends of a flow that does not
// cross the curve are on the same side, the ends of one that crosses are on different sides
// (a two-colouring of the elements). The side without external entities (else the smaller one)
// becomes the boundary. Elements no crossing flow reaches stay outside. A flow that makes the
// colouring impossible (an odd cycle) is reported. docs/threat-dragon.md documents this.
import type { ElementKind } from './imported-model.js';

export interface Point {
  x: number;
  y: number;
}

export interface Rect extends Point {
  width: number;
  height: number;
}

interface End {
  kind: ElementKind;
}

interface Link<E extends End> {
  from: E;
  to: E;
}

export interface CurveSides<E, F> {
  /** The elements on the inner side. */
  inside: E[];
  /** Flows drawn across the curve whose ends are on different sides. */
  crossing: F[];
  /** Flows drawn across (or not across) the curve whose ends the other flows put on the same (or different) sides. */
  conflicts: F[];
}

export function curveBoundaries<E extends End, F extends Link<E>>(curve: readonly Point[], flows: ReadonlyArray<{ flow: F; line: readonly Point[] }>): CurveSides<E, F> {
  // Components of elements joined by flows that stay on one side.
  const parent = new Map<E, E>();
  const find = (element: E): E => {
    let root = element;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    // Path compression, iteratively.
    let node = element;
    while (node !== root) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  const union = (a: E, b: E) => {
    const rootA = find(a);
    const rootB = find(b);
    if (rootA !== rootB) parent.set(rootA, rootB);
  };
  const elements = new Set<E>();
  const across: F[] = [];
  for (const { flow, line } of flows) {
    elements.add(flow.from);
    elements.add(flow.to);
    if (crossings(line, curve) % 2 === 1) across.push(flow);
    else union(flow.from, flow.to);
  }

  // Two-colour the components along the crossing flows, breadth first.
  const neighbours = new Map<E, Array<{ other: E; flow: F }>>();
  const add = (a: E, b: E, flow: F) => {
    const list = neighbours.get(a) ?? [];
    list.push({ other: b, flow });
    neighbours.set(a, list);
  };
  for (const flow of across) {
    add(find(flow.from), find(flow.to), flow);
    add(find(flow.to), find(flow.from), flow);
  }
  const colour = new Map<E, 0 | 1>();
  const conflicts = new Set<F>();
  const groups: Array<Array<E>> = [];
  for (const start of neighbours.keys()) {
    if (colour.has(start)) continue;
    colour.set(start, 0);
    const group = [start];
    for (let index = 0; index < group.length; index++) {
      const root = group[index];
      for (const { other, flow } of neighbours.get(root)!) {
        if (!colour.has(other)) {
          colour.set(other, colour.get(root) === 0 ? 1 : 0);
          group.push(other);
        } else if (colour.get(other) === colour.get(root)) conflicts.add(flow);
      }
    }
    groups.push(group);
  }

  const membersOf = new Map<E, E[]>();
  for (const element of elements) {
    const root = find(element);
    const list = membersOf.get(root) ?? [];
    list.push(element);
    membersOf.set(root, list);
  }
  const inside: E[] = [];
  for (const group of groups) {
    const sides: [E[], E[]] = [[], []];
    for (const root of group) sides[colour.get(root)!].push(...membersOf.get(root)!);
    const hasExternal = sides.map(side => side.some(element => element.kind === 'external'));
    const chosen = hasExternal[0] !== hasExternal[1] ? (hasExternal[0] ? 1 : 0) : sides[1].length < sides[0].length ? 1 : 0;
    inside.push(...sides[chosen]);
  }
  return { inside, crossing: across.filter(flow => !conflicts.has(flow)), conflicts: [...conflicts] };
}

/** How many times two polylines cross (touching at an end or running along each other does not count). */
export function crossings(a: readonly Point[], b: readonly Point[]): number {
  let count = 0;
  for (let i = 0; i + 1 < a.length; i++) {
    for (let j = 0; j + 1 < b.length; j++) if (segmentsCross(a[i], a[i + 1], b[j], b[j + 1])) count++;
  }
  return count;
}

function segmentsCross(p1: Point, p2: Point, q1: Point, q2: Point): boolean {
  const d1 = orientation(q1, q2, p1);
  const d2 = orientation(q1, q2, p2);
  const d3 = orientation(p1, p2, q1);
  const d4 = orientation(p1, p2, q2);
  return d1 * d2 < 0 && d3 * d4 < 0;
}

function orientation(a: Point, b: Point, c: Point): number {
  return Math.sign((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x));
}
