// The rules for real systems (docs/language.md §11), checked once more on two models written for
// this purpose, not taken from the examples: each flow, store and attack in them says in a comment
// whether a rule should fire on it, and these are exactly the §11 findings they get. A clinic's
// booking system (channels, data in transit and at rest, unauthenticated entry) and a water
// plant's telemetry (protocol names, direct links, unexpanded attack-tree leaves).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test } from 'vitest';
import { check, findings, messageOf, withCode } from './harness.js';

const RULES = new Set([
  'plaintext-sensitive', 'unverified-encryption', 'unencrypted-sensitive-store', 'unauthenticated-entry',
  'invalid-flow', 'unexpanded-leaf', 'attack-cost', 'syntax-error', 'orphan-element', 'duplicate-name',
]);

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');

async function ruleFindings(text: string): Promise<string[]> {
  const result = await check(text);
  return findings(result.diagnostics.filter(diagnostic => RULES.has(String(diagnostic.code))));
}

test('the clinic: each channel, store and entry gets the finding its comment says, and no other', async () => {
  expect(await ruleFindings(fixture('clinic.tm'))).toEqual([
    'unencrypted-sensitive-store@17', // Db: health and pii, info
    'unencrypted-sensitive-store@18', // Cache: credentials, warning
    'orphan-element@19', 'unencrypted-sensitive-store@19', // Files: a confidential asset, info
    'orphan-element@21', // Public holds only public and internal data: no store finding
    'plaintext-sensitive@29', // Book
    'plaintext-sensitive@35', // Lookup: only the reply
    'unverified-encryption@37', // Claims: no protocol
    'plaintext-sensitive@42', // SessionLdap: the reply, inside one zone
    'plaintext-sensitive@48', // Export: a confidential asset without a category
    'unauthenticated-entry@52', // Anon
    'unauthenticated-entry@54', // KioskAdmin: an admin process
    'unauthenticated-entry@56', // AnonLookup: only the reply
  ]);
});

test('the clinic: severities and what the messages name', async () => {
  const result = await check(fixture('clinic.tm'));
  const stores = withCode(result, 'unencrypted-sensitive-store').map(diagnostic => `${diagnostic.severity} ${messageOf(diagnostic).split(' but')[0]}`);
  expect(stores).toEqual(['3 Data store Db holds health and pii', '2 Data store Cache holds credentials', '3 Data store Files holds confidential']);
  const entries = withCode(result, 'unauthenticated-entry').map(diagnostic => messageOf(diagnostic).split(': record')[0]);
  expect(entries).toEqual([
    'Flow Anon lets anyone from outside into Clinic (`authn none`) and carries pii',
    'Flow KioskAdmin lets anyone from outside into Clinic (`authn none`) and reaches process Admin, which runs as admin',
    'Flow AnonLookup lets anyone from outside into Clinic (`authn none`) and returns health and pii',
  ]);
});

test('the water plant: protocol names, direct links and unexpanded leaves', async () => {
  expect(await ruleFindings(fixture('plant.tm'))).toEqual([
    'unverified-encryption@13', // SNMPv3: encrypts only with privacy
    'unverified-encryption@14', // "HTTP over TLS": in no table
    'plaintext-sensitive@15', // POP3 (HTTP/3 on line 12 encrypts)
    'plaintext-sensitive@17', // MQTT5 (POP3S on line 16 encrypts)
    'plaintext-sensitive@19', // Syslog inside one zone, secrets (WireGuard on line 18 encrypts)
    'plaintext-sensitive@21', // SNMPv2c (" tls 1.2 " on line 20 encrypts)
    'invalid-flow@23', 'invalid-flow@24', 'invalid-flow@26', // store → external, store → store, to itself
    'attack-cost@30', 'unexpanded-leaf@32', 'unexpanded-leaf@35',
    'attack-cost@40', 'unexpanded-leaf@40', 'unexpanded-leaf@40',
  ]);
});

test('a flow written without its name: its syntax error, and no element called orphan while it is there', async () => {
  expect(await ruleFindings('process A\nprocess B\nflow A -> B\nflow A -> B\n')).toEqual(['syntax-error@3', 'syntax-error@4']);
  expect(await ruleFindings('process A\nprocess B\nflow F: A -> B\nprocess C\n')).toEqual(['orphan-element@4']);
});
