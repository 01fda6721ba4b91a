// The dependency-injection module of the tm language: every custom service is one line here.
import type { DeepPartial, Module } from 'langium';
import { inject } from 'langium';
import type { DefaultSharedModuleContext, LangiumServices, LangiumSharedServices, PartialLangiumServices } from 'langium/lsp';
import { createDefaultModule, createDefaultSharedModule } from 'langium/lsp';
import { TmGeneratedModule, TmGeneratedSharedModule } from './generated/module.js';
import { TmConfigurationProvider } from './tm-configuration.js';
import { TmDocumentBuilder, TmIndexManager, TmReferenceDescriptionProvider, TmValidationRegistry, TmWorkspaceManager } from './tm-build.js';
import { TmDocumentFactory } from './tm-document-factory.js';
import { TmDocumentValidator } from './tm-document-validator.js';
import { TmFastParser } from './tm-fast-parser.js';
import { TmLexer, TmTokenBuilder } from './tm-lexer.js';
import { TmLexerErrorMessageProvider, TmParserErrorMessageProvider } from './tm-parser-errors.js';
import { createTmParser } from './tm-parser.js';
import { TmAstNodeDescriptionProvider, TmLinker, TmScopeComputation, TmScopeProvider } from './tm-scope.js';
import { TmSettings } from './tm-settings.js';
import { registerValidationChecks, TmValidator } from './tm-validator.js';
import { TmCompletionProvider } from '../lsp/tm-completion-provider.js';
import { TmHoverProvider } from '../lsp/tm-hover-provider.js';
import { TmCodeActionProvider } from '../lsp/tm-code-actions.js';
import { TmDocumentSymbolProvider } from '../lsp/tm-document-symbol-provider.js';
import { TmNodeKindProvider } from '../lsp/tm-node-kind-provider.js';
import { TmFormatter } from '../lsp/tm-formatter.js';
import { TmSemanticTokenProvider } from '../lsp/tm-semantic-tokens.js';
import { TmInlayHintProvider } from '../lsp/tm-inlay-hints.js';
import { TmCodeLensProvider } from '../lsp/tm-code-lens.js';

export interface TmAddedServices {
  settings: TmSettings;
  parser: {
    FastParser: TmFastParser;
  };
  workspace: {
    ReferenceDescriptionProvider: TmReferenceDescriptionProvider;
  };
  validation: {
    TmValidator: TmValidator;
  };
}

export type TmServices = LangiumServices & TmAddedServices & { shared: TmSharedServices };

export const TmModule: Module<TmServices, PartialLangiumServices & TmAddedServices> = {
  settings: () => new TmSettings(),
  parser: {
    LangiumParser: services => createTmParser(services),
    FastParser: services => new TmFastParser(services),
    Lexer: services => new TmLexer(services),
    TokenBuilder: () => new TmTokenBuilder(),
    ParserErrorMessageProvider: () => new TmParserErrorMessageProvider(),
    LexerErrorMessageProvider: () => new TmLexerErrorMessageProvider(),
  },
  references: {
    ScopeComputation: services => new TmScopeComputation(services),
    ScopeProvider: services => new TmScopeProvider(services),
    Linker: services => new TmLinker(services),
  },
  validation: {
    TmValidator: services => new TmValidator(services),
    DocumentValidator: services => new TmDocumentValidator(services),
    ValidationRegistry: services => new TmValidationRegistry(services),
  },
  workspace: {
    AstNodeDescriptionProvider: services => new TmAstNodeDescriptionProvider(services),
    ReferenceDescriptionProvider: services => new TmReferenceDescriptionProvider(services),
  },
  lsp: {
    CompletionProvider: services => new TmCompletionProvider(services),
    HoverProvider: services => new TmHoverProvider(services),
    CodeActionProvider: () => new TmCodeActionProvider(),
    DocumentSymbolProvider: services => new TmDocumentSymbolProvider(services),
    Formatter: services => new TmFormatter(services),
    SemanticTokenProvider: services => new TmSemanticTokenProvider(services),
    InlayHintProvider: () => new TmInlayHintProvider(),
    CodeLensProvider: services => new TmCodeLensProvider(services),
  },
};

/** Langium's shared services with tm's own document builder. */
export type TmSharedServices = LangiumSharedServices & {
  workspace: { DocumentBuilder: TmDocumentBuilder };
};

export const TmSharedModule: Module<TmSharedServices, DeepPartial<TmSharedServices>> = {
  workspace: {
    ConfigurationProvider: services => new TmConfigurationProvider(services),
    DocumentBuilder: services => new TmDocumentBuilder(services),
    IndexManager: services => new TmIndexManager(services),
    LangiumDocumentFactory: services => new TmDocumentFactory(services),
    WorkspaceManager: services => new TmWorkspaceManager(services),
  },
  lsp: {
    NodeKindProvider: () => new TmNodeKindProvider(),
  },
};

export interface TmServiceSet {
  shared: TmSharedServices;
  Tm: TmServices;
}

export function createTmServices(context: DefaultSharedModuleContext): TmServiceSet {
  const shared = inject(createDefaultSharedModule(context), TmGeneratedSharedModule, TmSharedModule);
  const Tm = inject(createDefaultModule({ shared }), TmGeneratedModule, TmModule);
  shared.ServiceRegistry.register(Tm);
  registerValidationChecks(Tm);
  // A language server parses a closed file again when it is opened; the CLI keeps what it built.
  shared.workspace.DocumentBuilder.putsAwayClosedDocuments = context.connection !== undefined;
  if (!context.connection) {
    // Without a language client nothing pushes configuration; don't wait for it.
    shared.workspace.ConfigurationProvider.initialized({});
  }
  return { shared, Tm };
}

