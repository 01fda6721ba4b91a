// A code lens above each element and each flow whose coverage is checked (docs/language.md §10 flow
// setting): its applicable STRIDE letters covered ✓ or not ✗, and how many threats are on it.
// The lens is a label only: it runs no command.
import type { LangiumDocument } from 'langium';
import { GrammarUtils } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import type { CodeLens } from 'vscode-languageserver';
import type { ThreatTarget } from '../language/generated/ast.js';
import type { TmLspServices } from './tm-lsp-module.js';
import type { TmSettings } from '../language/tm-settings.js';
import { analyzeModel, coverageOf, isFlowCoverageChecked } from '../domain/analysis.js';
import { countLabel, coverageMarks } from './labels.js';
import { modelOf } from '../language/workspace/put-away-documents.js';

export class TmCodeLensProvider implements CodeLensProvider {
  private readonly settings: TmSettings;

  constructor(services: TmLspServices) {
    this.settings = services.settings;
  }

  provideCodeLens(document: LangiumDocument): CodeLens[] {
    const model = modelOf(document);
    if (!model) return [];
    const analysis = analyzeModel(model);
    const mode = this.settings.options.coverageFlows;
    const targets: ThreatTarget[] = [...analysis.elements, ...analysis.flows.filter(flow => isFlowCoverageChecked(flow, mode))];
    return targets.flatMap(target => {
      const name = GrammarUtils.findNodeForProperty(target.$cstNode, 'name');
      if (!name) return [];
      const coverage = coverageOf(analysis, target);
      const title = `${coverageMarks(coverage)} · ${countLabel(coverage.threats.length, 'threat')}`;
      return [{ range: name.range, command: { title, command: '' } }];
    });
  }
}
