// STRIDE per element (docs/language.md §5): which letters apply to which kind of element or flow, and what
// each letter means. Hovers, completion, coverage and the quick-fix catalogue all read this.
import type { ThreatSubject } from '../language/generated/ast.js';
import { isBoundary, isExternal, isFlow, isProcess } from '../language/generated/ast.js';
import { storeKind } from './fields.js';

export type StrideLetter = 'S' | 'T' | 'R' | 'I' | 'D' | 'E';

export const STRIDE_LETTERS: readonly StrideLetter[] = ['S', 'T', 'R', 'I', 'D', 'E'];

export interface StrideLetterInfo {
  letter: StrideLetter;
  threat: string;
  /** The security property an attack of this class violates. */
  property: string;
  /** One sentence: what the attack is. */
  summary: string;
  example: string;
  mitigations: readonly string[];
}

export const STRIDE_INFO: Readonly<Record<StrideLetter, StrideLetterInfo>> = {
  S: {
    letter: 'S',
    threat: 'Spoofing',
    property: 'Authentication',
    summary: 'Someone or something pretends to be another user, device or service.',
    example: 'A stolen session cookie lets an attacker act as the customer.',
    mitigations: ['strong authentication (MFA, mutual TLS, signed tokens)', 'short-lived credentials', 'protect secrets in a vault'],
  },
  T: {
    letter: 'T',
    threat: 'Tampering',
    property: 'Integrity',
    summary: 'Data or code is modified without authorisation, at rest or in transit.',
    example: 'A client edits the order total in the checkout request.',
    mitigations: ['validate input server-side', 'sign or MAC messages', 'TLS in transit', 'restrict write access'],
  },
  R: {
    letter: 'R',
    threat: 'Repudiation',
    property: 'Non-repudiation',
    summary: 'An actor denies an action and nothing can prove otherwise.',
    example: 'An operator denies starting a firmware rollout.',
    mitigations: ['tamper-evident audit logs', 'log who did what and when', 'signed records'],
  },
  I: {
    letter: 'I',
    threat: 'Information disclosure',
    property: 'Confidentiality',
    summary: 'Information reaches someone who is not allowed to see it.',
    example: 'A logged-in user reads another user\'s invoice by changing an id.',
    mitigations: ['authorisation on every read', 'encrypt at rest and in transit', 'minimise data kept'],
  },
  D: {
    letter: 'D',
    threat: 'Denial of service',
    property: 'Availability',
    summary: 'The system is made unavailable or degraded for legitimate users.',
    example: 'A compromised device floods the MQTT broker.',
    mitigations: ['rate limits and quotas', 'size caps on input', 'autoscaling and back-pressure'],
  },
  E: {
    letter: 'E',
    threat: 'Elevation of privilege',
    property: 'Authorization',
    summary: 'An actor gains capabilities it was not granted.',
    example: 'A user calls an admin endpoint that checks only authentication.',
    mitigations: ['least privilege', 'authorisation checks on every action', 'sandbox untrusted input'],
  },
};

/** Whether a word is one of the six letters. */
export function isStrideLetter(word: string): word is StrideLetter {
  return (STRIDE_LETTERS as readonly string[]).includes(word);
}

/**
 * The letters that apply to an element or flow, in STRIDE order (docs/language.md §5). None is
 * counted on a boundary: a threat on one (missing cloud hardening on a VPC) is recorded and
 * decided, but coverage is a matter of the elements and flows inside.
 */
export function applicableLetters(target: ThreatSubject): readonly StrideLetter[] {
  if (isBoundary(target)) return [];
  if (isExternal(target)) return ['S', 'R'];
  if (isProcess(target)) return STRIDE_LETTERS;
  if (isFlow(target)) return ['T', 'I', 'D'];
  return storeKind(target) === 'log' ? ['T', 'R', 'I', 'D'] : ['T', 'I', 'D'];
}

/** Letters sorted in STRIDE order without duplicates. */
export function inStrideOrder(letters: Iterable<StrideLetter>): StrideLetter[] {
  const set = new Set(letters);
  return STRIDE_LETTERS.filter(letter => set.has(letter));
}

/** `I (Information disclosure), E (Elevation of privilege)` */
export function describeLetters(letters: readonly StrideLetter[]): string {
  // A model's findings name a handful of letter sets thousands of times.
  const key = letters.join();
  let described = describedLetters.get(key);
  if (described === undefined) {
    described = letters.map(letter => `${letter} (${STRIDE_INFO[letter].threat})`).join(', ');
    describedLetters.set(key, described);
  }
  return described;
}

const describedLetters = new Map<string, string>();
