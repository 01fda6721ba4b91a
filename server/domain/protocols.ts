// Which protocols encrypt in transit, and a flow's channel (docs/language.md §11). Protocol names
// are compared case-insensitively; a name that is in no table is read without a trailing version
// (`TLS1.3`, `HTTP/2`, `SSHv2`), except where the version changes the answer.
import type { Flow } from '../language/generated/ast.js';
import { flowProtocol, isEncryptedFlow } from './fields.js';

/** The tables of docs/language.md §11, as written there (their spelling is what completion offers). */
export const ENCRYPTING_PROTOCOLS: readonly string[] = [
  'HTTPS', 'TLS', 'mTLS', 'SSH', 'SFTP', 'WSS', 'MQTTS', 'AMQPS', 'LDAPS', 'FTPS', 'SMTPS', 'IMAPS', 'POP3S', 'DTLS', 'QUIC',
  'IPsec', 'WireGuard',
];
export const PLAINTEXT_PROTOCOLS: readonly string[] = [
  'HTTP', 'FTP', 'Telnet', 'MQTT', 'AMQP', 'WebSocket', 'SMTP', 'LDAP', 'NFS', 'IMAP', 'POP3', 'TFTP', 'SNMP', 'Syslog', 'DNS',
];
/** Protocols whose encryption depends on configuration, offered by completion (any unlisted name is judged the same). */
const CONFIGURED_PROTOCOLS: readonly string[] = ['gRPC', 'SQL', 'JDBC', 'MySQL', 'PostgreSQL', 'Redis', 'Kafka', 'SMB'];

/**
 * Versions that change the answer: HTTP/3 runs on QUIC, which always encrypts; SNMPv3 encrypts
 * only when configured with privacy (authPriv), unlike SNMPv1 and v2c.
 */
const VERSION_EXCEPTIONS: ReadonlyMap<string, ProtocolVerdict> = new Map([
  ['http 3', 'encrypting'],
  ['snmp 3', 'unknown'],
]);

/** The plaintext protocols that have an encrypting form, and that form (the quick-fix's choices). */
const ENCRYPTING_FORMS: ReadonlyMap<string, readonly string[]> = new Map([
  ['http', ['HTTPS']],
  ['ldap', ['LDAPS']],
  ['ftp', ['FTPS', 'SFTP']],
  ['mqtt', ['MQTTS']],
  ['amqp', ['AMQPS']],
  ['smtp', ['SMTPS']],
  ['websocket', ['WSS']],
  ['imap', ['IMAPS']],
  ['pop3', ['POP3S']],
  ['telnet', ['SSH']],
]);

const ENCRYPTING = new Set(ENCRYPTING_PROTOCOLS.map(name => name.toLowerCase()));
const PLAINTEXT = new Set(PLAINTEXT_PROTOCOLS.map(name => name.toLowerCase()));

/** `TLS1.3`, `TLSv1.2`, `HTTP/1.1`, `HTTP 2`, `SSHv2`, `SNMPv2c`: a name ending in a letter, then a version. */
const TRAILING_VERSION = /^(.*?[a-z])[\s/_-]*v?(\d+)(?:\.\d+)*[a-z]?$/;

export type ProtocolVerdict = 'encrypting' | 'plaintext' | 'unknown';

/** The table entry a protocol name is matched against: lower case, trimmed, and without a version when the whole name is in no table. */
function tableKey(protocol: string): { key: string; major?: string } {
  const name = protocol.trim().toLowerCase();
  if (ENCRYPTING.has(name) || PLAINTEXT.has(name)) return { key: name };
  const versioned = TRAILING_VERSION.exec(name);
  return versioned ? { key: versioned[1], major: versioned[2] } : { key: name };
}

/** A protocol's family as the tables read it: lower case, without a trailing version (`HTTP/2` → `http`). */
export function protocolFamily(protocol: string | undefined): string | undefined {
  return protocol === undefined ? undefined : tableKey(protocol).key;
}

/** Whether a protocol encrypts in transit, does not, or depends on its configuration (`unknown`). */
export function protocolVerdict(protocol: string | undefined): ProtocolVerdict {
  if (protocol === undefined) return 'unknown';
  const { key, major } = tableKey(protocol);
  const exception = major === undefined ? undefined : VERSION_EXCEPTIONS.get(`${key} ${major}`);
  if (exception) return exception;
  if (ENCRYPTING.has(key)) return 'encrypting';
  if (PLAINTEXT.has(key)) return 'plaintext';
  return 'unknown';
}

/** The encrypting forms of a plaintext protocol (`HTTP/1.1` → HTTPS; `FTP` → FTPS, SFTP), none for the others. */
export function encryptingForms(protocol: string): readonly string[] {
  if (protocolVerdict(protocol) !== 'plaintext') return [];
  return ENCRYPTING_FORMS.get(tableKey(protocol).key) ?? [];
}

/** Protocols the tooling knows, for completion: both tables, then common ones that depend on configuration. */
export const KNOWN_PROTOCOLS: readonly string[] = [...ENCRYPTING_PROTOCOLS, ...PLAINTEXT_PROTOCOLS, ...CONFIGURED_PROTOCOLS];

export type Channel = 'encrypted' | 'plaintext' | 'unverified';

/**
 * A flow's channel: *encrypted* when it says `encrypted` or its protocol encrypts, *plaintext*
 * when its protocol does not and it does not say `encrypted`, otherwise *unverified*.
 */
export function channelOf(encrypted: boolean, protocol: string | undefined): Channel {
  const verdict = protocolVerdict(protocol);
  if (encrypted || verdict === 'encrypting') return 'encrypted';
  return verdict === 'plaintext' ? 'plaintext' : 'unverified';
}

export function flowChannel(flow: Flow): Channel {
  return channelOf(isEncryptedFlow(flow), flowProtocol(flow));
}

export const SENSITIVE_CLASSES: ReadonlySet<string> = new Set(['pii', 'financial', 'health', 'credentials', 'secrets']);

/** Secrets that stay secrets inside one zone: in plaintext anywhere, and unencrypted at rest, they are a warning. */
export const SECRET_CLASSES: ReadonlySet<string> = new Set(['credentials', 'secrets']);

/** The classes among `classes` that are in `set`, once each, in the order written. */
export function classesIn(classes: readonly string[], set: ReadonlySet<string>): string[] {
  return [...new Set(classes.filter(dataClass => set.has(dataClass)))];
}
