// The snippets of every declaration, decision and exemption have one source: snippets/tm.json.
// VS Code reads that file as the extension's contributed snippets (shown even before the server
// runs, and its client drops the server's copies so each appears once); the completion provider
// offers the same bodies, bundled from the file at build time, to every other editor. The threat
// snippet has no likelihood or impact: a default there would be an invented estimate, so the
// `unscored-threat` reminder asks for a real one instead.
import snippetFile from '../../snippets/tm.json';

export interface Snippet {
  /** The keyword the snippet starts with, and completes. */
  prefix: string;
  description: string;
  /** The lines of the body, in VS Code's (and LSP's) snippet syntax. */
  body: string[];
}

export const SNIPPETS: ReadonlyMap<string, Snippet> = new Map(Object.values(snippetFile as Record<string, Snippet>).map(snippet => [snippet.prefix, snippet]));

/** The text a snippet inserts, in snippet syntax. */
export function snippetText(snippet: Snippet): string {
  return snippet.body.join('\n');
}
