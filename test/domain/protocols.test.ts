// The protocol tables and channels of docs/language.md §11, and the documented normalisation of names.
import { describe, expect, it } from 'vitest';
import {
  channelOf, ENCRYPTING_PROTOCOLS, encryptingForms, KNOWN_PROTOCOLS, PLAINTEXT_PROTOCOLS, protocolVerdict, SENSITIVE_CLASSES,
} from '../../server/domain/protocols.js';

describe('the tables of §11', () => {
  it('encrypting, as written there', () => {
    expect(ENCRYPTING_PROTOCOLS).toEqual([
      'HTTPS', 'TLS', 'mTLS', 'SSH', 'SFTP', 'WSS', 'MQTTS', 'AMQPS', 'LDAPS', 'FTPS', 'SMTPS', 'IMAPS', 'POP3S', 'DTLS', 'QUIC', 'IPsec', 'WireGuard',
    ]);
  });

  it('plaintext, as written there', () => {
    expect(PLAINTEXT_PROTOCOLS).toEqual(['HTTP', 'FTP', 'Telnet', 'MQTT', 'AMQP', 'WebSocket', 'SMTP', 'LDAP', 'NFS', 'IMAP', 'POP3', 'TFTP', 'SNMP', 'Syslog', 'DNS']);
  });

  it.each([
    ...ENCRYPTING_PROTOCOLS.map(protocol => ({ protocol, verdict: 'encrypting' })),
    ...PLAINTEXT_PROTOCOLS.map(protocol => ({ protocol, verdict: 'plaintext' })),
    ...['gRPC', 'SQL', 'JDBC', 'MySQL', 'PostgreSQL', 'Redis', 'Kafka', 'SMB', 'RDA-TCP', 'HTTPSX', ''].map(protocol => ({ protocol, verdict: 'unknown' })),
  ])('$protocol is $verdict', ({ protocol, verdict }) => {
    expect(protocolVerdict(protocol)).toBe(verdict);
  });

  it.each(['https', 'MTLS', 'wireguard', 'IPSEC', 'Telnet', 'TELNET', 'websocket', 'pop3'])('%s is compared case-insensitively', protocol => {
    expect(protocolVerdict(protocol)).not.toBe('unknown');
  });

  it('a flow without a protocol is not known to encrypt', () => {
    expect(protocolVerdict(undefined)).toBe('unknown');
  });

  it('completion offers every table entry', () => {
    expect(KNOWN_PROTOCOLS).toEqual(expect.arrayContaining([...ENCRYPTING_PROTOCOLS, ...PLAINTEXT_PROTOCOLS, 'gRPC', 'SQL']));
  });
});

describe('normalisation of protocol names', () => {
  it.each([
    { protocol: 'TLS1.3', verdict: 'encrypting' },
    { protocol: 'TLSv1.2', verdict: 'encrypting' },
    { protocol: 'tls 1.2', verdict: 'encrypting' },
    { protocol: 'SSHv2', verdict: 'encrypting' },
    { protocol: 'DTLS1.2', verdict: 'encrypting' },
    { protocol: 'HTTP/1.1', verdict: 'plaintext' },
    { protocol: 'HTTP/2', verdict: 'plaintext' },
    { protocol: 'http2', verdict: 'plaintext' },
    { protocol: 'MQTT5', verdict: 'plaintext' },
    { protocol: 'SNMPv2c', verdict: 'plaintext' },
    { protocol: 'IMAP4', verdict: 'plaintext' },
    { protocol: ' HTTPS ', verdict: 'encrypting' },
  ])('a trailing version is dropped when the whole name is in no table: $protocol is $verdict', ({ protocol, verdict }) => {
    expect(protocolVerdict(protocol)).toBe(verdict);
  });

  it('a name in a table is not read as a name and a version: POP3 is plaintext, POP3S encrypting', () => {
    expect(protocolVerdict('POP3')).toBe('plaintext');
    expect(protocolVerdict('POP3S')).toBe('encrypting');
  });

  it.each([
    { protocol: 'HTTP/3', verdict: 'encrypting', why: 'it runs on QUIC' },
    { protocol: 'http3', verdict: 'encrypting', why: 'it runs on QUIC' },
    { protocol: 'SNMPv3', verdict: 'unknown', why: 'it encrypts only when configured with privacy' },
  ])('where the version changes the answer, it counts: $protocol is $verdict ($why)', ({ protocol, verdict }) => {
    expect(protocolVerdict(protocol)).toBe(verdict);
  });
});

describe('channels', () => {
  it.each([
    { encrypted: true, protocol: 'HTTP', channel: 'encrypted' },
    { encrypted: true, protocol: undefined, channel: 'encrypted' },
    { encrypted: false, protocol: 'HTTPS', channel: 'encrypted' },
    { encrypted: false, protocol: 'HTTP', channel: 'plaintext' },
    { encrypted: false, protocol: 'SQL', channel: 'unverified' },
    { encrypted: false, protocol: undefined, channel: 'unverified' },
  ])('encrypted $encrypted, protocol $protocol: $channel', ({ encrypted, protocol, channel }) => {
    expect(channelOf(encrypted, protocol)).toBe(channel);
  });
});

describe('encrypting forms (the quick-fix)', () => {
  it.each([
    ['HTTP', ['HTTPS']], ['http', ['HTTPS']], ['HTTP/1.1', ['HTTPS']], ['LDAP', ['LDAPS']], ['FTP', ['FTPS', 'SFTP']], ['MQTT', ['MQTTS']],
    ['AMQP', ['AMQPS']], ['SMTP', ['SMTPS']], ['WebSocket', ['WSS']], ['IMAP', ['IMAPS']], ['POP3', ['POP3S']], ['Telnet', ['SSH']],
  ])('%s → %s', (protocol, forms) => {
    expect(encryptingForms(protocol)).toEqual(forms);
  });

  it.each(['DNS', 'SNMP', 'NFS', 'HTTPS', 'SQL'])('%s has none', protocol => {
    expect(encryptingForms(protocol)).toEqual([]);
  });
});

it('the sensitive data classes are those of docs/language.md §6', () => {
  expect([...SENSITIVE_CLASSES].sort()).toEqual(['credentials', 'financial', 'health', 'pii', 'secrets']);
});
