// The language server's services: tm's core services (server/language/tm-module.ts) with
// Langium's LSP services and tm's editor features on top.
import type { DeepPartial, Module } from 'langium';
import { inject } from 'langium';
import type { DefaultSharedModuleContext, LangiumServices, LangiumSharedServices, PartialLangiumLSPServices } from 'langium/lsp';
import { createDefaultModule, createDefaultSharedModule } from 'langium/lsp';
import { TmGeneratedModule, TmGeneratedSharedModule } from '../language/generated/module.js';
import type { TmServices, TmSharedServices } from '../language/tm-module.js';
import { registerTm, TmModule, TmSharedModule } from '../language/tm-module.js';
import { TmCompletionProvider } from './tm-completion-provider.js';
import { TmHoverProvider } from './tm-hover-provider.js';
import { TmCodeActionProvider } from './tm-code-actions.js';
import { TmDocumentSymbolProvider } from './tm-document-symbol-provider.js';
import { TmNodeKindProvider } from './tm-node-kind-provider.js';
import { TmFormatter } from './tm-formatter.js';
import { TmSemanticTokenProvider } from './tm-semantic-tokens.js';
import { TmInlayHintProvider } from './tm-inlay-hints.js';
import { TmCodeLensProvider } from './tm-code-lens.js';
import { TmEditorDocumentValidator } from './tm-published-diagnostics.js';
import { TmRenameProvider } from './tm-rename-provider.js';
import { TmDocumentUpdateHandler } from './team-pack-documents.js';

export type TmLspSharedServices = LangiumSharedServices & TmSharedServices;

export type TmLspServices = LangiumServices & TmServices & { shared: TmLspSharedServices };

export const TmLspModule: Module<TmLspServices, PartialLangiumLSPServices & DeepPartial<Pick<TmLspServices, 'validation'>>> = {
  validation: {
    DocumentValidator: services => new TmEditorDocumentValidator(services),
  },
  lsp: {
    CompletionProvider: services => new TmCompletionProvider(services),
    HoverProvider: services => new TmHoverProvider(services),
    CodeActionProvider: services => new TmCodeActionProvider(services),
    DocumentSymbolProvider: services => new TmDocumentSymbolProvider(services),
    Formatter: services => new TmFormatter(services),
    SemanticTokenProvider: services => new TmSemanticTokenProvider(services),
    InlayHintProvider: () => new TmInlayHintProvider(),
    CodeLensProvider: services => new TmCodeLensProvider(services),
    RenameProvider: services => new TmRenameProvider(services),
  },
};

export const TmSharedLspModule: Module<TmLspSharedServices, DeepPartial<TmLspSharedServices>> = {
  lsp: {
    NodeKindProvider: () => new TmNodeKindProvider(),
    DocumentUpdateHandler: services => new TmDocumentUpdateHandler(services),
  },
};

export interface TmLspServiceSet {
  shared: TmLspSharedServices;
  Tm: TmLspServices;
}

/** Every service of tm: the language server's (with a connection) and the tests'. */
export function createTmServices(context: DefaultSharedModuleContext): TmLspServiceSet {
  const shared = inject(createDefaultSharedModule(context), TmGeneratedSharedModule, TmSharedModule, TmSharedLspModule);
  const Tm = inject(createDefaultModule({ shared }), TmGeneratedModule, TmModule, TmLspModule);
  return registerTm({ shared, Tm }, context.connection !== undefined);
}
