// The dependency-injection module of the tm language: every custom service is one line here.
// These are the services that read and check models, all that `tm check` needs; the editor's
// features are added on top of them in server/lsp/tm-lsp-module.ts, so the CLI neither loads
// nor builds the language server's (a fifth of its bundle, and of its start-up).
import type { DeepPartial, DefaultSharedCoreModuleContext, LangiumCoreServices, LangiumSharedCoreServices, Module, PartialLangiumCoreServices, TextDocument, TextDocumentProvider, URI } from 'langium';
import { createDefaultCoreModule, createDefaultSharedCoreModule, inject } from 'langium';
import { TmGeneratedModule, TmGeneratedSharedModule } from './generated/module.js';
import { TmConfigurationProvider } from './tm-configuration.js';
import { TmDocumentBuilder } from './workspace/document-builder.js';
import { TmIndexManager, TmReferenceDescriptionProvider } from './workspace/lazy-reference-index.js';
import { TmWorkspaceManager } from './workspace/workspace-manager.js';
import { incrementalParsingPossible, TmDocumentFactory } from './parsing/incremental-parsing.js';
import { TmDocumentValidator, TmValidationRegistry } from './tm-document-validator.js';
import { TmFastParser } from './parsing/fast-parser.js';
import { TmLexer, TmTokenBuilder } from './parsing/lexer.js';
import { TmLexerErrorMessageProvider, TmParserErrorMessageProvider } from './parsing/parser-errors.js';
import { createTmParser } from './parsing/linear-parser.js';
import { TmAstNodeDescriptionProvider, TmLinker, TmScopeComputation, TmScopeProvider } from './tm-scope.js';
import { TmSettings } from './tm-settings.js';
import { UnreadFiles } from './tm-file-system.js';
import { ImportResolver } from './imports/import-resolver.js';
import { ImportValidator } from './imports/import-validator.js';
import { registerValidationChecks, TmValidator } from './tm-validator.js';
import { Catalogues } from '../catalogue/catalogues.js';

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
    ImportValidator: ImportValidator;
  };
}

export type TmServices = LangiumCoreServices & TmAddedServices & { shared: TmSharedServices };

export const TmModule: Module<TmServices, PartialLangiumCoreServices & TmAddedServices> = {
  settings: () => new TmSettings(),
  parser: {
    LangiumParser: services => createTmParser(services),
    FastParser: services => new TmFastParser(services),
    Lexer: services => new TmLexer(services),
    TokenBuilder: () => new TmTokenBuilder(),
    ParserErrorMessageProvider: services => new TmParserErrorMessageProvider(services),
    LexerErrorMessageProvider: () => new TmLexerErrorMessageProvider(),
  },
  references: {
    ScopeComputation: services => new TmScopeComputation(services),
    ScopeProvider: services => new TmScopeProvider(services),
    Linker: services => new TmLinker(services),
  },
  validation: {
    TmValidator: services => new TmValidator(services),
    ImportValidator: services => new ImportValidator(services),
    DocumentValidator: services => new TmDocumentValidator(services),
    ValidationRegistry: services => new TmValidationRegistry(services),
  },
  workspace: {
    AstNodeDescriptionProvider: services => new TmAstNodeDescriptionProvider(services),
    ReferenceDescriptionProvider: services => new TmReferenceDescriptionProvider(services),
  },
};

/** The text documents a model is read from: an editor's open ones, or the files the CLI reads. */
export type OpenTextDocuments = TextDocumentProvider & {
  set(document: TextDocument): void;
  delete(uri: string | URI): void;
};

/** Langium's shared services with tm's own document builder. */
export type TmSharedServices = LangiumSharedCoreServices & {
  workspace: { DocumentBuilder: TmDocumentBuilder; TextDocuments: OpenTextDocuments; UnreadFiles: UnreadFiles; ImportResolver: ImportResolver; Catalogues: Catalogues };
};

export const TmSharedModule: Module<TmSharedServices, DeepPartial<TmSharedServices>> = {
  workspace: {
    ConfigurationProvider: services => new TmConfigurationProvider(services),
    DocumentBuilder: services => new TmDocumentBuilder(services),
    IndexManager: services => new TmIndexManager(services),
    LangiumDocumentFactory: services => new TmDocumentFactory(services),
    WorkspaceManager: services => new TmWorkspaceManager(services),
    UnreadFiles: () => new UnreadFiles(),
    ImportResolver: services => new ImportResolver(services),
    Catalogues: () => new Catalogues(),
  },
};

export interface TmServiceSet {
  shared: TmSharedServices;
  Tm: TmServices;
}

/** The services that read and check models, without a language client: the CLI's. */
export function createTmCoreServices(context: DefaultSharedCoreModuleContext): TmServiceSet {
  const shared = inject(createDefaultSharedCoreModule(context), TmGeneratedSharedModule, TmSharedModule, TmSharedCliModule);
  const Tm = inject(createDefaultCoreModule({ shared }), TmGeneratedModule, TmModule);
  // A command is given some files and follows their imports, reading the imported ones itself.
  shared.workspace.ImportResolver.readsImportedFiles = true;
  return registerTm({ shared, Tm }, false);
}

/** Without a language server, the text documents are the files a command reads (Langium's core set has none). */
const TmSharedCliModule: Module<TmSharedServices, DeepPartial<TmSharedServices>> = {
  workspace: {
    TextDocuments: () => new FileTextDocuments(),
  },
};

/**
 * The text documents of the files a command reads: with one open, the service registry finds
 * tm's services by its language id, whatever the file's name (`tm check notes.txt`).
 */
class FileTextDocuments implements OpenTextDocuments {
  private readonly documents = new Map<string, TextDocument>();

  get(uri: string | URI): TextDocument | undefined {
    return this.documents.get(uri.toString());
  }

  set(document: TextDocument): void {
    this.documents.set(document.uri, document);
  }

  delete(uri: string | URI): void {
    this.documents.delete(uri.toString());
  }
}

/** Registers the language with its shared services, once they are injected; `connected`: a language client drives them. */
export function registerTm<T extends TmServiceSet>(services: T, connected: boolean): T {
  const { shared, Tm } = services;
  shared.ServiceRegistry.register(Tm);
  registerValidationChecks(Tm);
  // A language server parses a closed file again when it is opened; the CLI keeps what it built.
  shared.workspace.DocumentBuilder.putsAwayClosedDocuments = connected;
  if (connected) {
    // An editor re-parses at every keystroke: check at start that the grammar allows doing it incrementally (logged if not).
    incrementalParsingPossible(Tm.Grammar);
  } else {
    // Without a language client nothing pushes configuration; don't wait for it.
    void shared.workspace.ConfigurationProvider.initialized({});
  }
  return services;
}
