// The references a declaration may cite (docs/language.md §3, §10): weakness, attack-pattern,
// verification and technique catalogues, the OWASP Top 10 lists, and https URLs. Each form is
// recognised by its shape and linked to the page that explains it.

export type ReferenceKind = 'CWE' | 'CAPEC' | 'ASVS' | 'ATT&CK' | 'OWASP Top 10' | 'OWASP API Top 10' | 'OWASP LLM Top 10' | 'URL';

export interface ParsedReference {
  text: string;
  kind: ReferenceKind;
  /** Where the reference is explained; undefined for an OWASP id whose edition has no known page. */
  url: string | undefined;
}

interface ReferenceForm {
  kind: ReferenceKind;
  pattern: RegExp;
  url: (match: RegExpExecArray) => string | undefined;
}

const FORMS: readonly ReferenceForm[] = [
  { kind: 'CWE', pattern: /^CWE-([1-9][0-9]*)$/, url: match => `https://cwe.mitre.org/data/definitions/${match[1]}.html` },
  { kind: 'CAPEC', pattern: /^CAPEC-([1-9][0-9]*)$/, url: match => `https://capec.mitre.org/data/definitions/${match[1]}.html` },
  { kind: 'ASVS', pattern: /^V([0-9]{1,2})\.[0-9]{1,2}(\.[0-9]{1,2})?$/, url: () => 'https://owasp.org/www-project-application-security-verification-standard/' },
  { kind: 'ATT&CK', pattern: /^T([0-9]{4})(?:\.([0-9]{3}))?$/, url: match => `https://attack.mitre.org/techniques/T${match[1]}${match[2] ? `/${match[2]}` : ''}/` },
  { kind: 'OWASP Top 10', pattern: /^A([0-9]{2}):((?:19|20)[0-9]{2})$/, url: match => `https://owasp.org/Top10/A${match[1]}_${match[2]}/` },
  { kind: 'OWASP API Top 10', pattern: /^API([0-9]{1,2}):((?:19|20)[0-9]{2})$/, url: () => 'https://owasp.org/www-project-api-security/' },
  { kind: 'OWASP LLM Top 10', pattern: /^LLM([0-9]{2}):((?:19|20)[0-9]{2})$/, url: () => 'https://genai.owasp.org/llm-top-10/' },
  { kind: 'URL', pattern: /^https:\/\/[^\s"<>]+$/, url: match => match[0] },
];

/** The accepted forms, as the `invalid-reference` message lists them. */
export const REFERENCE_FORMS_TEXT = 'CWE-n, CAPEC-n, ASVS Vn.n or Vn.n.n, ATT&CK Tnnnn or Tnnnn.nnn, OWASP Top 10 Ann:yyyy, API Top 10 APIn:yyyy, LLM Top 10 LLMnn:yyyy, or an https:// URL';

/** The reference a string names, or undefined when it has none of the accepted forms. */
export function parseReference(text: string): ParsedReference | undefined {
  for (const form of FORMS) {
    const match = form.pattern.exec(text);
    if (match) return { text, kind: form.kind, url: form.url(match) };
  }
  return undefined;
}
