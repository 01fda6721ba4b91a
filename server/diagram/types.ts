// The data the DFD renderer works on. A `DiagramGraph` is plain JSON: the language server builds
// it from a model and sends it to the preview webview, which lays it out and draws it with the
// same code the CLI uses. Nothing here may depend on Node or on Langium at run time.
import type { Bucket, ThreatFigures, ThreatStatus } from '../domain/scoring.js';
import type { StrideLetter } from '../domain/stride.js';

export type { Bucket, ThreatStatus, StrideLetter };

/** Zero-based line and character, as in LSP. */
export interface SourcePosition {
  line: number;
  character: number;
}

export interface SourceRange {
  start: SourcePosition;
  end: SourcePosition;
}

/** Where a declaration sits in its file: the whole of it, and its name (what to select). */
export interface SourceLocation {
  range: SourceRange;
  selectionRange: SourceRange;
  /**
   * The file it is declared in, relative to the directory of the model's own file (`/`
   * separators), when that is another file, imported directly or not: the ranges are in that
   * file. Absent for the model's own declarations.
   */
  importedFrom?: string;
}

export type DiagramNodeKind = 'external' | 'process' | 'store';

/** What a threat marker shows: how many threats sit on a node or flow, and the worst bucket. */
export interface ThreatMarker {
  count: number;
  /** Undefined when there is no threat or none is scored. */
  highestBucket?: Bucket;
}

export interface DiagramNode extends SourceLocation {
  /** The declaration's name: unique in the graph. */
  id: string;
  kind: DiagramNodeKind;
  /** The display label (the name when there is none). */
  label: string;
  /** Ids of the enclosing boundaries, outermost first; empty for the zone *outside*. */
  zone: string[];
  threats: ThreatMarker;
  /** Applicable STRIDE letters with no threat or exemption, in STRIDE order. */
  uncovered: StrideLetter[];
  /** The reason, when the element is out of scope by itself or its boundary: drawn muted. */
  outOfScope?: string;
}

export interface DiagramBoundary extends SourceLocation {
  id: string;
  label: string;
  /** The enclosing boundary's id; undefined at the top level. */
  parent?: string;
  /** Threats on the boundary itself (`on Vpc`): drawn as a marker before its label, as on a flow. */
  threats: ThreatMarker;
  /** The reason, when the boundary is out of scope by itself or an enclosing one: drawn muted. */
  outOfScope?: string;
}

export interface DiagramEdge extends SourceLocation {
  /** The flow's name. */
  id: string;
  source: string;
  target: string;
  /** The flow's display label. */
  label: string;
  protocol?: string;
  /** What the flow carries (`carries`), as written; present only on a flow with a reply, whose label names both ways. */
  carries?: string[];
  /**
   * What the target sends back on the same channel (`returns`), as written; present only on a
   * flow with a reply, which the picture draws as one connector with arrowheads at both ends.
   */
  returns?: string[];
  /** Source and target sit in different zones. */
  crossing: boolean;
  threats: ThreatMarker;
  /** Uncovered letters where the flow coverage setting checks this flow; otherwise empty. */
  uncovered: StrideLetter[];
  /** The reason, when the flow is out of scope by itself or both its ends: drawn muted. */
  outOfScope?: string;
}

export interface DiagramThreat extends SourceLocation, ThreatFigures {
  id: string;
  title: string;
  /** Names of the elements and flows it is on. */
  targets: string[];
  letters: StrideLetter[];
  /** Each target's own status, by name, when decisions name their targets (docs/language.md §4). */
  statusAt?: Record<string, ThreatStatus>;
}

export interface DiagramAttackNode {
  text: string;
  /** Set on inner nodes; leaves have a cost instead. */
  gate?: 'or' | 'and';
  /** A leaf's cost; undefined when invalid. */
  cost?: number;
  /** On the cheapest path from the goal (docs/language.md §7): what to cut first. */
  onCheapestPath: boolean;
  children: DiagramAttackNode[];
}

export interface DiagramAttack extends SourceLocation {
  id: string;
  goal: string;
  /** Names of the threats it realizes. */
  realizes: string[];
  /** The goal as the root (its text is the goal), or undefined when the attack has no tree. */
  tree?: DiagramAttackNode;
  /** Cost of the cheapest path; undefined when no path has a valid cost. */
  cheapestCost?: number;
}

/** One cell of the 3×3 likelihood × impact matrix. */
export interface RiskCell {
  likelihood: number;
  impact: number;
  /** The bucket of the cell's score. */
  bucket: Bucket;
  /** Ids of the threats scored here, ranked. */
  threats: string[];
}

export interface DiagramGraph {
  title?: string;
  /** Elements in source order. */
  nodes: DiagramNode[];
  /** Boundaries in source order, every parent before its children. */
  boundaries: DiagramBoundary[];
  /** Flows whose two ends resolve, in source order. */
  edges: DiagramEdge[];
  /** Ranked: highest score first, unscored last, then source order. */
  threats: DiagramThreat[];
  /** Nine cells, impact 3 to 1, then likelihood 1 to 3 (rows as drawn, top first). */
  riskMatrix: RiskCell[];
  attacks: DiagramAttack[];
}

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A graph with absolute positions for every node, boundary and flow. */
export interface DiagramLayout {
  graph: DiagramGraph;
  width: number;
  height: number;
  /** Which way flows run: top to bottom (the default), or left to right. */
  direction?: 'down' | 'right';
  /** Set when the graph was too large for elk and got the quick layout instead (docs/diagram.md, Large models). */
  cheap?: true;
  /** elk's random seed for this layout, when not its default (server/diagram/arrange.ts); an edit keeps it. */
  randomSeed?: number;
  /** The flows elk was handed reversed (server/diagram/orientation.ts); an edit keeps them so. */
  reversed?: string[];
  /**
   * Flows an edit added that were drawn into the picture before it rather than laid out by elk
   * (server/diagram/drawn-in.ts); the next edit draws them in again, or hands them to elk as new.
   */
  drawnIn?: string[];
  nodes: Record<string, Box>;
  boundaries: Record<string, Box>;
  edges: Record<string, EdgeRoute>;
}

export interface EdgeRoute {
  /** From the source's outline to the target's, bends in between. */
  points: Point[];
  /** Where the flow's label block sits. */
  label: Box;
}
