// XML, SVG and HTML: every model string that reaches markup goes through here, so a label holding
// markup is shown as text. HTML needs nothing XML does not: the same five characters, in text
// and in quoted attribute values.

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' };

/**
 * Text and attribute values; characters XML forbids become U+FFFD so the document stays well
 * formed. A string that did not parse (a half-typed file) is missing from the model and shown empty.
 */
export function escapeXml(text: string | undefined): string {
  return (text ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
    .replace(/[&<>"']/g, char => XML_ESCAPES[char]);
}
