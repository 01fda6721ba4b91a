// Single-valued fields are parsed as lists so a repeated field is a `duplicate-field`
// diagnostic rather than a syntax error; the first value is the one that counts (docs/language.md §10).
// These accessors are the only place that rule is applied.
import type {
  Control, ExternalKind, Flow, ModelHeader, Process, Privilege, Store, StoreKind, External, Mitigation, MitigationStatus,
} from '../language/generated/ast.js';

export function storeKind(store: Store): StoreKind | undefined {
  return store.kind[0];
}

export function externalKind(external: External): ExternalKind | undefined {
  return external.kind[0];
}

export function processPrivilege(process: Process): Privilege | undefined {
  return process.privilege[0];
}

export function isEncryptedStore(store: Store): boolean {
  return store.encrypted.length > 0;
}

export function flowProtocol(flow: Flow): string | undefined {
  return flow.protocol[0];
}

/** A port as written; whether it is a valid one (a whole number 1..65535) is `isValidPort`'s question. */
export function flowPort(flow: Flow): number | undefined {
  return flow.port[0];
}

export function isValidPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

export function isEncryptedFlow(flow: Flow): boolean {
  return flow.encrypted.length > 0;
}

export type ControlName = 'authn' | 'authz' | 'validation';
export const CONTROL_NAMES: readonly ControlName[] = ['authn', 'authz', 'validation'];

export function flowControl(flow: Flow, control: ControlName): Control | undefined {
  return flow[control][0];
}

/** A control counts as declared when it is `none` or a non-empty description (docs/language.md §10). */
export function isControlDeclared(control: Control | undefined): boolean {
  return control !== undefined && (control.none || (control.text ?? '').trim() !== '');
}

export function mitigationStatus(mitigation: Mitigation): MitigationStatus {
  return mitigation.status[0] ?? 'planned';
}

export function headerField(header: ModelHeader | undefined, field: 'owner' | 'reviewed' | 'revisit' | 'description'): string | undefined {
  return header?.[field][0];
}

/** A string that starts with TODO, in any case, is a stub (docs/language.md §10). */
export function isStub(text: string | undefined): boolean {
  return text !== undefined && /^\s*todo/i.test(text);
}

/** Present and not blank. */
export function isFilled(text: string | undefined): text is string {
  return text !== undefined && text.trim() !== '';
}
