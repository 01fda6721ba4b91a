// Model text is data, never markup: a corpus of XSS payloads in every string a model can hold,
// exported through the CLI as the SVG diagram (`tm dfd`) and the HTML report (`tm report`),
// opened in headless Chromium. Nothing may run, nothing may be fetched, and the payloads must
// still be readable as text (escaped, not dropped).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../../server/cli/cli.js';
import { hasChromium, launchChromium, watchIncidents } from '../diagram/chromium.js';

const EVIL = 'https://evil.test';
const PAYLOADS = [
  '<script>alert("script")</script>',
  '"><img src=x onerror=alert("img")>',
  '\'><svg onload=alert(\'svg\')>',
  '</text><foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><iframe src="javascript:alert(1)"></iframe></body></foreignObject>',
  'javascript:alert("url")',
  '<a href="javascript:alert(2)">click me</a>',
  `<style>@import url(${EVIL}/import.css); body { background: url(${EVIL}/bg.png) }</style>`,
  `x" style="background:url(${EVIL}/attribute.png)`,
  `<img src="${EVIL}/pixel.png">`,
  ']]><script>alert("cdata")</script><![CDATA[',
  '<!-- --><script>alert("comment")</script>',
  '&lt;script&gt;alert("entity")&lt;/script&gt; &amp; &#x3C;b&#x3E;',
  '\u202eevil\u202c bidi \u2066isolate\u2069 override',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert("mxss")>',
  `<svg><use href="${EVIL}/sprite.svg#x"/></svg>`,
  `<link rel=stylesheet href=${EVIL}/link.css><meta http-equiv="refresh" content="0;url=${EVIL}/">`,
  '{{constructor.constructor("alert(3)")()}} ${alert(4)}',
];

/** Every string slot of the language, each filled with the next payload of the corpus. */
function hostileModel(): string {
  let next = 0;
  const s = () => JSON.stringify(PAYLOADS[next++ % PAYLOADS.length]);
  return `model ${s()} { owner ${s()} reviewed "2026-10-01" revisit ${s()} description ${s()} }
external User ${s()} { kind user exempt R ${s()} }
boundary Zone ${s()} {
  process App ${s()} { privilege service }
  store Db ${s()} { kind log holds pii }
  boundary Inner ${s()} { process Worker ${s()} }
}
flow Login: User -> App ${s()} { protocol HTTP carries credentials authn ${s()} authz ${s()} validation ${s()} exempt D ${s()} }
flow Save: App -> Db ${s()} { protocol SQL }
flow Hand: App -> Worker ${s()} { protocol gRPC authn none authz none validation none }
threat T1 ${s()} { on App, Login stride S, T likelihood 3 impact 3
  mitigation ${s()} in-progress owner ${s()} ticket ${s()} }
threat T2 ${s()} { on Db stride R, I likelihood 2 impact 2 accepted ${s()} by ${s()} }
threat T3 ${s()} { on User stride S likelihood 1 impact 3 transferred ${s()} to ${s()} }
threat T4 ${s()} { on Worker stride E likelihood 2 impact 3 eliminated ${s()} }
attack A1 ${s()} { realizes T1 or { ${s()} cost low ${s()} and { ${s()} cost 2 ${s()} cost trivial } } }
`;
}

describe.skipIf(!hasChromium)('hostile model text in exported files, opened in Chromium', () => {
  let browser: Browser;
  let directory: string;

  beforeAll(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-xss-'));
    fs.writeFileSync(path.join(directory, 'hostile.tm'), hostileModel());
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  async function exported(command: string, output: string, ...options: string[]): Promise<string> {
    let stderr = '';
    const code = await runCli([command, 'hostile.tm', '-o', output, ...options], { cwd: directory, stdout: () => undefined, stderr: text => { stderr += text; } });
    expect(stderr).not.toContain('internal error');
    expect(code, stderr).toBeLessThan(2);
    return fs.readFileSync(path.join(directory, output), 'utf8');
  }

  async function open(body: string, contentType: string): Promise<{ text: string; incidents: ReturnType<typeof watchIncidents>; inert: Inertness }> {
    const page = await browser.newPage();
    const url = `https://export.test/${contentType === 'text/html' ? 'report.html' : 'diagram.svg'}`;
    const incidents = watchIncidents(page, requested => requested === url);
    await page.route(url, route => route.fulfill({ contentType, body }));
    await page.goto(url);
    // Give event handlers (onload, onerror) and refreshes their chance to fire.
    await page.waitForLoadState('load');
    const text = await page.evaluate(() => document.documentElement.textContent ?? '');
    const inert = await page.evaluate(inertness);
    await page.close();
    return { text, incidents, inert };
  }

  test('the SVG diagram (tm dfd)', async () => {
    const svg = await exported('dfd', 'diagram.svg');
    const { text, incidents, inert } = await open(svg, 'image/svg+xml');
    expect(incidents).toEqual({ requests: [], dialogs: [], errors: [], cspViolations: [] });
    expect(inert).toEqual(INERT);
    expect(text).toContain(PAYLOADS[4]);
  });

  test('the HTML report (tm report --format html)', async () => {
    const html = await exported('report', 'report.html', '--format', 'html', '--today', '2026-11-01');
    const { text, incidents, inert } = await open(html, 'text/html');
    expect(incidents).toEqual({ requests: [], dialogs: [], errors: [], cspViolations: [] });
    expect(inert).toEqual(INERT);
    // Threat titles, decisions and attack steps are shown as the text that was written.
    for (const payload of [PAYLOADS[0], PAYLOADS[1], PAYLOADS[9]]) expect(text).toContain(payload);
  });
});

interface Inertness {
  scripts: number;
  eventHandlers: string[];
  javascriptUrls: string[];
  embedded: number;
  externalStyles: string[];
}

const INERT: Inertness = { scripts: 0, eventHandlers: [], javascriptUrls: [], embedded: 0, externalStyles: [] };

/** Runs in the page: whatever in the DOM could run code or load something. */
function inertness(): Inertness {
  const all = Array.from(document.querySelectorAll('*'));
  const attributes = all.flatMap(element => Array.from(element.attributes).map(attribute => ({ element, attribute })));
  return {
    scripts: document.querySelectorAll('script').length,
    eventHandlers: attributes.filter(({ attribute }) => attribute.name.toLowerCase().startsWith('on')).map(({ element, attribute }) => `${element.localName} ${attribute.name}`),
    javascriptUrls: attributes.filter(({ attribute }) => /^\s*javascript:/i.test(attribute.value)).map(({ element, attribute }) => `${element.localName} ${attribute.name}`),
    embedded: document.querySelectorAll('iframe, object, embed, foreignObject, link, meta[http-equiv], use[href^="http"]').length,
    externalStyles: Array.from(document.querySelectorAll('style')).map(style => style.textContent ?? '').filter(css => /url\(|@import/i.test(css)),
  };
}
