// Mermaid: model text inside a quoted node, subgraph or edge label.
import { showControls } from './terminal.js';

const MERMAID_ENTITIES: Record<string, string> = {
  '"': '#quot;', '#': '#35;', '&': '#amp;', '<': '#lt;', '>': '#gt;', '`': '#96;', '|': '#124;',
};

/**
 * Text safe inside a quoted Mermaid label: nothing can close the quote or the label, or open
 * markup; a line break is a space and any other control or bidi character a visible escape.
 */
export function escapeMermaid(text: string): string {
  return showControls(text.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ')).replace(/["#&<>`|]/g, char => MERMAID_ENTITIES[char]);
}
