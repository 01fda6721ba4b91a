// The parser, made linear on hostile input. Langium's parser is kept as it is; three of its costs
// grow with the square of the input and are replaced:
// - The CST builder finds a node in its parent by `indexOf` from the front, though the node is
//   almost always the parent's last child: once per failed rule (an empty node is removed) and
//   once per new node before its first token. A long run of bad tokens inside one block, or
//   tens of thousands of declarations at the top level, made that quadratic. It searches from
//   the back here, and skips the search when there are no comments to place.
// - The comments before each token were spliced off the front of the file's list of comments.
// - Every syntax error is a chevrotain exception that captures a stack trace nobody reads; with
//   thousands of errors the traces cost more than the parse. Parsing runs without traces.
// And recovering from an error costs far more than parsing a token, so a file of garbage is not
// recovered from forever: after MAX_PARSER_ERRORS the parser stops at the next error and the
// rest of the file is not read (the document validator says so).
// A text without errors does not come here at all: the fast path (fast-parser.ts) reads it,
// and this parser is only built when a text with errors arrives (see TmDocumentFactory).
import type { IToken } from 'chevrotain';
import type { AstNode, CstNodeBuilder, LexerResult, ParseResult, ParserOptions } from 'langium';
import { LangiumParser, createParser } from 'langium';
import { TmCstNodeBuilder } from './cst-builder.js';
import type { TmServices } from '../tm-module.js';

/** Ten times the errors shown (MAX_SYNTAX_ERRORS): enough to fix a file from the top. */
export const MAX_PARSER_ERRORS = 1000;

/** The part of chevrotain's parser that error recovery turns on. */
interface ChevrotainRecovery {
  recoveryEnabled: boolean;
  SAVE_ERROR(error: Error): Error;
}

/** Langium's private parser members replaced here (langium is pinned to one version, and the tests cover each). */
interface LangiumParserInternals {
  nodeBuilder: CstNodeBuilder;
  lexerResult?: LexerResult;
  extractHiddenTokens(token: IToken): IToken[];
  doParse(rule: unknown): AstNode;
}

export class TmParser extends LangiumParser {
  private errorCount = 0;
  /** How many of the lexer's comments are in the tree already. */
  private hiddenTaken = 0;

  constructor(services: TmServices) {
    super(services);
    const internals = this as unknown as LangiumParserInternals;
    internals.nodeBuilder = new TmCstNodeBuilder();
    // The comments before each token are taken from a cursor, where Langium splices them off
    // the front of the file's list one group at a time.
    internals.extractHiddenTokens = token => {
      const hidden = internals.lexerResult!.hidden;
      let end = this.hiddenTaken;
      while (end < hidden.length && hidden[end].startOffset <= token.startOffset) end++;
      const taken = hidden.slice(this.hiddenTaken, end);
      this.hiddenTaken = end;
      return taken;
    };
    // After the parse, Langium places what is left in the list: the comments after the last token.
    const doParse = internals.doParse.bind(this);
    internals.doParse = rule => {
      try {
        return doParse(rule);
      } finally {
        internals.lexerResult!.hidden.splice(0, this.hiddenTaken);
      }
    };
    // Without recovery, chevrotain's next error ends the parse with what was read so far.
    const chevrotain = this.wrapper as unknown as ChevrotainRecovery;
    const saveError = chevrotain.SAVE_ERROR.bind(chevrotain);
    chevrotain.SAVE_ERROR = error => {
      if (++this.errorCount >= MAX_PARSER_ERRORS) chevrotain.recoveryEnabled = false;
      return saveError(error);
    };
  }

  override parse<T extends AstNode = AstNode>(input: string, options?: ParserOptions): ParseResult<T> {
    this.errorCount = 0;
    this.hiddenTaken = 0;
    (this.wrapper as unknown as ChevrotainRecovery).recoveryEnabled = true;
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return super.parse<T>(input, options);
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
  }
}

/** As Langium's `createLangiumParser`, with a TmParser. */
export function createTmParser(services: TmServices): LangiumParser {
  const parser = createParser(services.Grammar, new TmParser(services), services.parser.Lexer.definition);
  parser.finalize();
  return parser;
}
