// The built-in mitigation catalogue: for each kind of element or flow and each STRIDE letter
// that applies to it (docs/language.md §5), the usual first mitigation, in a few words. The quick-fix that
// adds a threat stub pre-fills its `mitigation "TODO: …"` from here, so a new threat starts
// with a sensible plan to confirm or replace. Wording: an imperative a reviewer can act on.
import type { ThreatTarget } from '../language/generated/ast.js';
import type { StrideLetter } from './stride.js';

export type TargetKind = ThreatTarget['$type'];

export const MITIGATION_CATALOGUE: Readonly<Record<TargetKind, Partial<Readonly<Record<StrideLetter, string>>>>> = {
  External: {
    S: 'authenticate the caller (SSO with MFA, signed tokens or client certificates)',
    R: 'log every action with the authenticated identity and a timestamp',
  },
  Process: {
    S: 'authenticate every caller and the service itself (mTLS or signed service tokens)',
    T: 'validate all input server-side and deploy only signed builds',
    R: 'write an audit log of security-relevant actions with the acting identity',
    I: 'authorise every read and keep secrets and internals out of errors and logs',
    D: 'rate-limit callers, cap request sizes and set timeouts',
    E: 'run with least privilege and check authorisation on every action',
  },
  Store: {
    T: 'restrict writes to the owning process and detect changes (checksums, versioning)',
    R: 'make the log append-only and tamper-evident (hash chain or write-once storage)',
    I: 'encrypt at rest and grant read access by least privilege',
    D: 'set quotas and capacity alerts, and keep tested backups',
  },
  Flow: {
    T: 'protect integrity in transit (TLS or signed messages)',
    I: 'encrypt in transit (TLS) and send only the data the receiver needs',
    D: 'rate-limit and cap message sizes at the receiver, with timeouts and back-off',
  },
};

/** The catalogue's mitigation for a letter on this kind of target. */
export function suggestedMitigation(target: ThreatTarget, letter: StrideLetter): string {
  return MITIGATION_CATALOGUE[target.$type][letter] ?? `reduce the ${letter} risk on ${target.name}`;
}
