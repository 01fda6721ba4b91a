// Mermaid: model text inside a quoted node, subgraph or edge label.

const MERMAID_ENTITIES: Record<string, string> = {
  '"': '#quot;', '#': '#35;', '&': '#amp;', '<': '#lt;', '>': '#gt;', '`': '#96;', '|': '#124;',
};

/** Text safe inside a quoted Mermaid label: nothing can close the quote or the label, or open markup. */
export function escapeMermaid(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f]/g, ' ').replace(/["#&<>`|]/g, char => MERMAID_ENTITIES[char]);
}
