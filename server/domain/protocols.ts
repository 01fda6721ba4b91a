// Which protocols encrypt in transit (docs/language.md §10). Compared case-insensitively; anything not
// listed is not judged.
const ENCRYPTING = new Set(['https', 'tls', 'mtls', 'ssh', 'sftp', 'wss', 'mqtts', 'amqps']);
const PLAINTEXT = new Set(['http', 'ftp', 'telnet', 'mqtt', 'amqp', 'websocket', 'smtp']);

export type ProtocolVerdict = 'encrypting' | 'plaintext' | 'unknown';

export function protocolVerdict(protocol: string | undefined): ProtocolVerdict {
  if (protocol === undefined) return 'unknown';
  const key = protocol.toLowerCase();
  if (ENCRYPTING.has(key)) return 'encrypting';
  if (PLAINTEXT.has(key)) return 'plaintext';
  return 'unknown';
}

/** Protocols the tooling knows, for completion. */
export const KNOWN_PROTOCOLS: readonly string[] = [
  'HTTPS', 'HTTP', 'TLS', 'mTLS', 'gRPC', 'SQL', 'AMQP', 'AMQPS', 'MQTT', 'MQTTS', 'SSH', 'SFTP', 'FTP', 'SMTP',
  'WebSocket', 'WSS', 'Telnet',
];

export const SENSITIVE_CLASSES: ReadonlySet<string> = new Set(['pii', 'financial', 'health', 'credentials', 'secrets']);
