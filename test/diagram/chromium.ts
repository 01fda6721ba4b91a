// Headless Debian Chromium for the diagram tests (flags from shared/notes/vscode-e2e.md).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) console.warn(`Skipping the diagram's browser tests: ${CHROMIUM} is absent (apt-get install -y chromium).`);

export const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-output/diagram');

/** Playwright gives each launch a fresh temporary profile. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Everything a page tried that it must not: requests other than the allowed ones, dialogs, errors. */
export interface Incidents {
  requests: string[];
  dialogs: string[];
  errors: string[];
  cspViolations: string[];
}

export function watchIncidents(page: Page, allowedUrls: (url: string) => boolean): Incidents {
  const incidents: Incidents = { requests: [], dialogs: [], errors: [], cspViolations: [] };
  page.on('request', request => {
    if (!allowedUrls(request.url())) incidents.requests.push(request.url());
  });
  page.on('dialog', dialog => {
    incidents.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', error => incidents.errors.push(error.message));
  page.on('console', message => {
    if (/Content Security Policy/i.test(message.text())) incidents.cspViolations.push(message.text());
  });
  return incidents;
}
