// A file over the size limit is not lexed or parsed at all, so it cannot freeze the editor
// (spec §10); the document validator reports `file-too-large` for it.
import type { LexerResult, TokenizeOptions } from 'langium';
import { DefaultLexer } from 'langium';
import type { TmServices } from './tm-module.js';
import type { TmSettings } from './tm-settings.js';
import { byteSize } from './tm-document-validator.js';

export class TmLexer extends DefaultLexer {
  private readonly settings: TmSettings;

  constructor(services: TmServices) {
    super(services);
    this.settings = services.settings;
  }

  override tokenize(text: string, options?: TokenizeOptions): LexerResult {
    if (byteSize(text) > this.settings.maxFileSizeBytes) {
      return { tokens: [], errors: [], hidden: [] };
    }
    return super.tokenize(text, options);
  }
}
