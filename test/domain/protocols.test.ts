import { expect, it } from 'vitest';
import { protocolVerdict, SENSITIVE_CLASSES } from '../../server/domain/protocols.js';

it.each([
  ...['HTTPS', 'https', 'TLS', 'mTLS', 'mtls', 'SSH', 'SFTP', 'WSS', 'MQTTS', 'AMQPS'].map(protocol => ({ protocol, verdict: 'encrypting' })),
  ...['HTTP', 'Http', 'FTP', 'Telnet', 'TELNET', 'MQTT', 'AMQP', 'WebSocket', 'SMTP'].map(protocol => ({ protocol, verdict: 'plaintext' })),
  ...['gRPC', 'SQL', 'QUIC', 'HTTPSX', ''].map(protocol => ({ protocol, verdict: 'unknown' })),
])('$protocol is $verdict', ({ protocol, verdict }) => {
  expect(protocolVerdict(protocol)).toBe(verdict);
});

it('a flow without a protocol is not judged', () => {
  expect(protocolVerdict(undefined)).toBe('unknown');
});

it('the sensitive data classes are those of docs/language.md §6', () => {
  expect([...SENSITIVE_CLASSES].sort()).toEqual(['credentials', 'financial', 'health', 'pii', 'secrets']);
});
