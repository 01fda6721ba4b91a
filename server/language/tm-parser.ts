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
import type { IToken } from 'chevrotain';
import type { AstNode, CompositeCstNode, CstNode, LangiumCoreServices, LexerResult, ParseResult, ParserOptions } from 'langium';
import { CstNodeBuilder, LangiumParser, createParser } from 'langium';

class TmCstNodeBuilder extends CstNodeBuilder {
  override removeNode(node: CstNode): void {
    const parent = node.container;
    if (!parent) return;
    const index = parent.content.lastIndexOf(node);
    // Read-only to everyone but the builder, as in the method this replaces.
    if (index >= 0) (parent.content as CstNode[]).splice(index, 1);
  }

  /** Comments go before the token that follows them: see CstNodeBuilder.addHiddenNodes. */
  override addHiddenNodes(tokens: IToken[]): void {
    if (tokens.length === 0) return;
    const nodes = tokens.map(token => this.createLeafNode(token, true));
    let current: CompositeCstNode = this.current;
    if (current.content.length > 0) {
      this.appendChildren(current, nodes);
      return;
    }
    // A node without content yet: the comments go before the innermost ancestor that has
    // something before it, or at the very start of the file.
    while (current.container) {
      const index = current.container.content.lastIndexOf(current);
      if (index > 0) {
        this.insertChildren(current.container, index, nodes);
        return;
      }
      current = current.container;
    }
    this.insertChildren(current, 0, nodes);
  }
}

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

  constructor(services: LangiumCoreServices) {
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
export function createTmParser(services: LangiumCoreServices): LangiumParser {
  const parser = createParser(services.Grammar, new TmParser(services), services.parser.Lexer.definition);
  parser.finalize();
  return parser;
}
