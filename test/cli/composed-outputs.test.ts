// What tm writes about a model that imports others (docs/language.md §12) is its composed model:
// `tm report`, `tm dfd`, `tm export` and `tm diff` on the project's services, which import the
// platform library, with `--root` so that their imports (`../platform/…`) may be read.
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../server/report/build-report.js';
import { runTm, scratchDir } from './run.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TODAY = ['--today', '2026-11-23'];
const SERVICES = ['services/orders.tm', 'services/billing.tm'];

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function report(service: string): Promise<Report> {
  const run = await runTm(['report', '--format', 'json', ...TODAY, '--root', 'examples', path.join('examples', service)], ROOT);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as Report;
}

describe('tm report of a service', () => {
  it('lists the platform\'s declarations it composes, named as the service names them, with their file', async () => {
    const billing = await report('services/billing.tm');
    const names = billing.elements.map(element => [element.name, element.importedFrom ?? '']);
    expect(names).toEqual(expect.arrayContaining([
      ['Biller', ''],
      // Imported under an alias (`as Idp`); the gateway and the bus by their stems.
      ['Idp.Login', '../platform/idp.tm'],
      ['gateway.Gateway', '../platform/gateway.tm'],
      ['bus.Broker', '../platform/bus.tm'],
    ]));
    expect(billing.flows.find(flow => flow.name === 'ServiceToken')).toMatchObject({ target: 'Idp.Login', crossing: { from: 'Billing', to: 'Idp.Identity' } });
    // The library's threats apply where its elements are used.
    expect(billing.threats.find(threat => threat.name === 'Idp.IdpOutage')).toMatchObject({ importedFrom: '../platform/idp.tm', status: 'planned' });
  });

  it('writes the file each imported declaration comes from in Markdown', async () => {
    const run = await runTm(['report', ...TODAY, '--root', 'examples', 'examples/services/orders.tm'], ROOT);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('bus.Broker (Message broker), from ../platform/bus.tm');
  });

  it('needs --root for imports outside the file\'s own directory, and refuses a file outside --root', async () => {
    const without = await runTm(['report', ...TODAY, 'examples/services/orders.tm'], ROOT);
    expect(without.stderr).toMatch(/^tm report: examples\/services\/orders\.tm has \d+ errors; the output shows only what parsed/);
    const outside = await runTm(['report', '--root', 'examples/platform', 'examples/services/orders.tm'], ROOT);
    expect(outside).toMatchObject({ code: 2, stderr: expect.stringContaining('examples/services/orders.tm is not inside --root examples/platform') });
  });
});

describe('tm dfd of a service', () => {
  it('draws the composed model, the platform\'s part dashed and captioned with its file', async () => {
    const run = await runTm(['dfd', ...TODAY, '--root', 'examples', 'examples/services/orders.tm', '-o', '-'], ROOT);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/<g class="tm-node tm-process tm-imported" data-id="bus\.Broker"/);
    expect(run.stdout).toMatch(/<g class="tm-node tm-process" data-id="OrdersApi"/);
    expect(run.stdout).toContain('>from gateway.tm</text>');
    // A library's library is part of the composed model: the gateway imports the identity provider.
    expect(run.stdout).toMatch(/data-id="idp\.Login"/);
  });
});

describe('tm export of a service', () => {
  it.each(['threat-dragon', 'otm', 'tm-bom'])('writes the composed model as %s, which imports back as one valid model', async format => {
    const { dir, cleanup } = await scratchDir();
    cleanups.push(cleanup);
    for (const service of SERVICES) {
      const exported = path.join(dir, `${path.basename(service, '.tm')}.json`);
      const run = await runTm(['export', '--format', format, '--root', 'examples', path.join('examples', service), '-o', exported], ROOT);
      expect(run.code, run.stderr).toBe(0);
      const back = path.join(dir, `${path.basename(service, '.tm')}-back.tm`);
      expect((await runTm(['import', exported, '-o', back], ROOT)).code).toBe(0);
      const check = await runTm(['check', '--format', 'json', ...TODAY, back], ROOT);
      expect(check.stdout).not.toContain('"severity":"error"');
      // Every element of the composed model made the round trip.
      const elements = (await report(service)).elements.length;
      const imported = await runTm(['report', '--format', 'json', ...TODAY, back], ROOT);
      expect((JSON.parse(imported.stdout) as Report).elements).toHaveLength(elements);
    }
  });
});

describe('tm diff of two versions of a service', () => {
  it('compares their composed models', async () => {
    const { dir, cleanup } = await scratchDir({
      'platform/idp.tm': 'boundary Identity { process Login }\n',
      'services/v1.tm': 'import "../platform/idp.tm"\nprocess Api\nflow Call: Api -> Login { protocol HTTPS  authn "mTLS"  authz "scoped"  validation "schema" }\n',
      'services/v2.tm': 'import "../platform/idp.tm"\nprocess Api\nflow Call: Api -> Login { protocol HTTPS  authn "mTLS"  authz "scoped"  validation "schema" }\nthreat T1 "Login spoofed" { on Login  stride S  likelihood 3  impact 3 }\n',
    });
    cleanups.push(cleanup);
    const run = await runTm(['diff', ...TODAY, '--root', '.', '--fail-on', 'new-open-fix-now', 'services/v1.tm', 'services/v2.tm'], dir);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('T1');
    expect(run.code).toBe(1);
  });
});
