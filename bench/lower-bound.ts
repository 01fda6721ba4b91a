// The lower bound tm is compared with: the same model as JSON, parsed by V8's JSON.parse, plus
// a hand-written name-resolution pass (one hash map of every name, then every reference looked
// up). No diagnostics, no positions, no syntax recovery: the least work any checker must do.
import type { SyntheticBoundary, SyntheticModel } from './synthetic-model.js';

/** Parses and resolves; returns the number of references that failed, which must be 0. */
export function parseAndResolveJson(json: string): number {
  const model = JSON.parse(json) as SyntheticModel;
  const declarations = new Map<string, unknown>();
  const declareBoundary = (boundary: SyntheticBoundary) => {
    declarations.set(boundary.name, boundary);
    for (const element of boundary.elements) declarations.set(element.name, element);
    for (const child of boundary.children) declareBoundary(child);
  };
  for (const element of model.outside) declarations.set(element.name, element);
  for (const boundary of model.boundaries) declareBoundary(boundary);
  for (const flow of model.flows) declarations.set(flow.name, flow);
  for (const threat of model.threats) declarations.set(threat.name, threat);

  let unresolved = 0;
  for (const flow of model.flows) {
    if (!declarations.has(flow.source)) unresolved++;
    if (!declarations.has(flow.target)) unresolved++;
  }
  for (const threat of model.threats) {
    for (const target of threat.targets) if (!declarations.has(target)) unresolved++;
  }
  return unresolved;
}
