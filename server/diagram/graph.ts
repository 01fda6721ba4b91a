// Model → diagram graph: what the DFD picture and its side panel show, read from the shared
// analysis (zones, coverage, scores, status, attack cost all come from server/domain). The
// analysis of a file is that of its composed model (docs/language.md §12): what its imports
// declare is drawn too, with its id qualified (`idp.Login`) and the file it comes from.
import type { AstNode } from 'langium';
import { firstPropertyRange, nodeRange } from '../language/parsing/source-ranges.js';
import type { Attack, AttackNode, Element, Threat, ThreatSubject } from '../language/generated/ast.js';
import { isExternal, isProcess } from '../language/generated/ast.js';
import type { FlowCoverageMode, ModelAnalysis } from '../domain/analysis.js';
import { coverageOf, isFlowCoverageChecked, MAX_NESTING } from '../domain/analysis.js';
import type { Origins } from '../domain/origins.js';
import { originsOf } from '../domain/origins.js';
import { attackNodeTrail, cheapestPath, leafCost } from '../domain/attack.js';
import { displayLabel } from '../domain/elements.js';
import { flowProtocol } from '../domain/fields.js';
import { writtenData } from '../domain/data.js';
import { todayIso } from '../domain/review.js';
import type { Bucket } from '../domain/scoring.js';
import { BUCKETS, bucketOf, hasTargetedDecisions, rankThreats, targetStatuses, threatFigures, threatScore } from '../domain/scoring.js';
import { enclosingZones, flowCrossing, outOfScopeReason } from '../domain/zones.js';
import type {
  DiagramAttack, DiagramAttackNode, DiagramBoundary, DiagramEdge, DiagramGraph, DiagramNode, DiagramNodeKind, DiagramThreat,
  RiskCell, SourceLocation, SourceRange, ThreatMarker,
} from './types.js';

/** `{ outOfScope: reason }` for what the picture greys, nothing otherwise (docs/language.md §9). */
function outOfScopeFlag(node: Parameters<typeof outOfScopeReason>[0]): { outOfScope?: string } {
  const reason = outOfScopeReason(node);
  return reason === undefined ? {} : { outOfScope: reason };
}

export interface ModelGraphOptions {
  /** Which flows show uncovered letters; the same setting as the `uncovered-stride` check. */
  coverageFlows?: FlowCoverageMode;
  /** `YYYY-MM-DD`, the day status is derived on (a lapsed acceptance no longer counts); today by default. */
  today?: string;
}

/** The diagram graph of an analysed model. Pure; later duplicates of a name are left out. */
export function modelGraph(analysis: ModelAnalysis, options: ModelGraphOptions = {}): DiagramGraph {
  const coverageFlows = options.coverageFlows ?? 'crossing';
  const today = options.today ?? todayIso();
  const { isFirst, idOf, importedFrom } = originsOf(analysis);
  // The composed model: the file's own declarations, then those of the files it imports.
  const { elements, boundaries: allBoundaries, flows, threats: allThreats, attacks } = analysis.composed;
  const locationOf = (node: AstNode): SourceLocation => {
    const file = importedFrom(node);
    return file === undefined ? sourceLocation(node) : { ...sourceLocation(node), importedFrom: file };
  };

  const boundaries: DiagramBoundary[] = allBoundaries.filter(isFirst).map(boundary => ({
    id: idOf(boundary),
    label: displayLabel(boundary),
    parent: boundary.$container.$type === 'Boundary' && isFirst(boundary.$container) ? idOf(boundary.$container) : undefined,
    threats: threatMarker(analysis, boundary),
    ...outOfScopeFlag(boundary),
    ...locationOf(boundary),
  }));
  const nodes: DiagramNode[] = elements.filter(isFirst).map(element => ({
    id: idOf(element),
    kind: nodeKind(element),
    label: displayLabel(element),
    zone: enclosingZones(element).filter(isFirst).map(idOf).reverse(),
    threats: threatMarker(analysis, element),
    uncovered: [...coverageOf(analysis, element).uncovered],
    ...outOfScopeFlag(element),
    ...locationOf(element),
  }));
  const drawn = new Set(nodes.map(node => node.id));
  const edges: DiagramEdge[] = flows.filter(isFirst).flatMap(flow => {
    // A flow cut short by a syntax error may lack its ends altogether.
    const source = flow.source?.ref;
    const target = flow.target?.ref;
    if (!source || !target || !drawn.has(idOf(source)) || !drawn.has(idOf(target))) return [];
    return [{
      id: idOf(flow),
      source: idOf(source),
      target: idOf(target),
      label: displayLabel(flow),
      protocol: flowProtocol(flow),
      ...(flow.returns.length + flow.returnedAssets.length > 0
        ? { carries: writtenData(flow.carries, flow.carriedAssets), returns: writtenData(flow.returns, flow.returnedAssets) }
        : {}),
      crossing: flowCrossing(flow) !== undefined,
      threats: threatMarker(analysis, flow),
      uncovered: isFlowCoverageChecked(flow, coverageFlows) ? [...coverageOf(analysis, flow).uncovered] : [],
      ...outOfScopeFlag(flow),
      ...locationOf(flow),
    }];
  });

  const threats = rankThreats(allThreats.filter(isFirst)).map(threat => diagramThreat(threat, today, idOf, locationOf));
  return {
    title: analysis.header?.title,
    nodes,
    boundaries,
    edges,
    threats,
    riskMatrix: riskMatrix(threats),
    attacks: attacks.filter(isFirst).map(attack => diagramAttack(attack, idOf, locationOf)),
  };
}

function nodeKind(element: Element): DiagramNodeKind {
  if (isExternal(element)) return 'external';
  if (isProcess(element)) return 'process';
  return 'store';
}

function threatMarker(analysis: ModelAnalysis, target: ThreatSubject): ThreatMarker {
  const threats = analysis.threatsOn(target);
  return { count: threats.length, highestBucket: highestBucket(threats) };
}

function highestBucket(threats: readonly Threat[]): Bucket | undefined {
  const buckets = new Set(threats.map(threatScore).filter(score => score !== undefined).map(bucketOf));
  return BUCKETS.find(bucket => buckets.has(bucket));
}

type LocationOf = (node: AstNode) => SourceLocation;

function diagramThreat(threat: Threat, today: string, idOf: Origins['idOf'], locationOf: LocationOf): DiagramThreat {
  return {
    id: idOf(threat),
    title: displayLabel(threat),
    targets: threat.targets.flatMap(reference => reference.ref ? [idOf(reference.ref)] : []),
    letters: [...threat.letters],
    ...threatFigures(threat, today),
    ...(hasTargetedDecisions(threat) ? { statusAt: Object.fromEntries(targetStatuses(threat, today).map(({ target, status }) => [target.name, status])) } : {}),
    ...locationOf(threat),
  };
}

const LEVELS = [1, 2, 3];

function riskMatrix(threats: readonly DiagramThreat[]): RiskCell[] {
  return [...LEVELS].reverse().flatMap(impact => LEVELS.map(likelihood => ({
    likelihood,
    impact,
    bucket: bucketOf(likelihood * impact),
    threats: threats.filter(threat => threat.likelihood === likelihood && threat.impact === impact).map(threat => threat.id),
  })));
}

function diagramAttack(attack: Attack, idOf: Origins['idOf'], locationOf: LocationOf): DiagramAttack {
  const tree = attack.trees[0];
  const path = tree ? cheapestPath(tree, MAX_NESTING) : undefined;
  const onPath = new Set<AttackNode>(path?.leaves.flatMap(attackNodeTrail));
  const convert = (node: AttackNode, depth: number): DiagramAttackNode => ({
    text: node.text ?? '',
    gate: node.gate === 'or' || node.gate === 'and' ? node.gate : undefined,
    cost: leafCost(node.cost),
    onCheapestPath: onPath.has(node),
    // Levels past the nesting limit are not analysed (docs/language.md §10), nor drawn.
    children: depth < MAX_NESTING ? node.children.map(child => convert(child, depth + 1)) : [],
  });
  return {
    id: idOf(attack),
    goal: displayLabel(attack),
    realizes: attack.realizes.flatMap(reference => reference.ref ? [idOf(reference.ref)] : []),
    tree: tree && {
      text: displayLabel(attack),
      gate: tree.gate === 'and' ? 'and' : 'or',
      onCheapestPath: path !== undefined,
      children: tree.children.map(child => convert(child, 1)),
    },
    cheapestCost: path?.cost,
    ...locationOf(attack),
  };
}

const NO_RANGE: SourceRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function sourceLocation(node: AstNode): SourceLocation {
  const range = nodeRange(node) ?? NO_RANGE;
  return { range: copyRange(range), selectionRange: copyRange(firstPropertyRange(node, 'name') ?? range) };
}

/** A plain copy: CST ranges may be shared objects, and the graph must be standalone JSON. */
function copyRange(range: SourceRange): SourceRange {
  return { start: { ...range.start }, end: { ...range.end } };
}

/** The graph without "uncovered" letters, on elements and flows alike (`tm dfd --coverage none`). */
export function withoutCoverageMarks(graph: DiagramGraph): DiagramGraph {
  return {
    ...graph,
    nodes: graph.nodes.map(node => ({ ...node, uncovered: [] })),
    edges: graph.edges.map(edge => ({ ...edge, uncovered: [] })),
  };
}
