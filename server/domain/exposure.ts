// Sensitive data in transit and at rest, and unauthenticated entry (docs/language.md §11): what
// each rule finds, as data; the validator words it, the quick-fixes act on it.
import type { Flow, Process, Store } from '../language/generated/ast.js';
import { isProcess } from '../language/generated/ast.js';
import type { ModelAnalysis } from './analysis.js';
import { flowControl, isEncryptedStore, processPrivilege } from './fields.js';
import { flowDataClasses, SENSITIVE_DATA, storeDataClasses } from './data.js';
import type { Channel } from './protocols.js';
import { classesIn, flowChannel, SECRET_CLASSES } from './protocols.js';
import type { Crossing } from './zones.js';
import { flowCrossing, zoneOf } from './zones.js';

export interface TransitExposure {
  /** `plaintext-sensitive` or `unverified-encryption`. */
  channel: Exclude<Channel, 'encrypted'>;
  /** The sensitive classes the request carries, in the order written. */
  carried: string[];
  /** The sensitive classes the reply returns (`returns`), in the order written. */
  returned: string[];
  crossing: Crossing | undefined;
}

/**
 * Sensitive data on a channel not known to encrypt: a plaintext channel carrying any sensitive
 * class across a boundary, or credentials or secrets anywhere; an unverified channel carrying
 * any sensitive class across a boundary. Undefined when the flow is fine.
 */
export function transitExposure(flow: Flow): TransitExposure | undefined {
  const channel = flowChannel(flow);
  if (channel === 'encrypted') return undefined;
  const crossing = flowCrossing(flow);
  // The reply travels on the same channel as the request (docs/language.md §10).
  const judged = crossing ? SENSITIVE_DATA : channel === 'plaintext' ? SECRET_CLASSES : new Set<string>();
  const carried = classesIn(flowDataClasses(flow, 'carries'), judged);
  const returned = classesIn(flowDataClasses(flow, 'returns'), judged);
  return carried.length + returned.length > 0 ? { channel, carried, returned, crossing } : undefined;
}

export interface StoreExposure {
  severity: 'warning' | 'info';
  /** Every sensitive class the store holds, in the order written. */
  classes: string[];
}

/** A store without `encrypted` holding sensitive data: a warning for credentials or secrets, info for the others. */
export function storeExposure(store: Store): StoreExposure | undefined {
  if (isEncryptedStore(store)) return undefined;
  const held = storeDataClasses(store);
  const classes = classesIn(held, SENSITIVE_DATA);
  if (classes.length === 0) return undefined;
  return { severity: classes.some(dataClass => SECRET_CLASSES.has(dataClass)) ? 'warning' : 'info', classes };
}

export interface UnauthenticatedEntry {
  /** The sensitive classes the flow carries (may be empty when the target is privileged). */
  classes: string[];
  /** The sensitive classes its reply returns: anyone who may call may read them. */
  returned: string[];
  /** The target's privilege when it is `root` or `admin`. */
  privilege?: 'root' | 'admin';
}

/**
 * A flow from the zone outside into a boundary with `authn none`, carrying or returning sensitive
 * data or reaching a root or admin process, that no threat naming the flow with S accounts for.
 */
export function unauthenticatedEntry(analysis: ModelAnalysis, flow: Flow): UnauthenticatedEntry | undefined {
  const source = flow.source?.ref;
  const target = flow.target?.ref;
  if (!source || !target || zoneOf(source) !== undefined || zoneOf(target) === undefined) return undefined;
  if (!flowControl(flow, 'authn')?.none) return undefined;
  const classes = classesIn(flowDataClasses(flow, 'carries'), SENSITIVE_DATA);
  const returned = classesIn(flowDataClasses(flow, 'returns'), SENSITIVE_DATA);
  const privilege = isProcess(target) ? privilegedAs(target) : undefined;
  if (classes.length === 0 && returned.length === 0 && !privilege) return undefined;
  if (analysis.threatsOn(flow).some(threat => threat.letters.includes('S'))) return undefined;
  return privilege ? { classes, returned, privilege } : { classes, returned };
}

function privilegedAs(process: Process): 'root' | 'admin' | undefined {
  const privilege = processPrivilege(process);
  return privilege === 'root' || privilege === 'admin' ? privilege : undefined;
}
