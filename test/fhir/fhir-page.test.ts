/**
 * End to end in headless Chromium: the built web app's FHIR page against a real Kiunga server and the dev
 * FHIR server. An administrator adds the dev server, tests it, syncs it (progress, then the report of
 * skipped records with their reasons), turns on the write-back export; a server that is down shows as
 * unreachable with the time of the next try. Screenshots go to test-results/e2e/.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startFhirDevServer, type FhirDevServer } from '../../server/dev/fhir-dev-server.js';
import { chromiumMissingReason, launchChromium, type LaunchedBrowser } from '../e2e/support/chromium.js';
import { buildWebOnce, removeBuiltWeb } from '../e2e/support/build-web.js';
import { startTestServer, type TestServer } from '../e2e/support/test-server.js';
import { signIn } from '../e2e/support/session.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const screenshotDir = path.join(repoRoot, 'test-results', 'e2e');
const missing = chromiumMissingReason();
const STEP = 20_000;

async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe.skipIf(missing !== null)(missing ?? 'FHIR page end to end', () => {
  let server: TestServer;
  let fhir: FhirDevServer;
  let browser: LaunchedBrowser;
  let page: Page;

  beforeAll(async () => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    const webRoot = await buildWebOnce();
    fhir = await startFhirDevServer({ port: 0 });
    server = await startTestServer(webRoot);
    browser = await launchChromium({ locale: 'en-US' });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(STEP);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await fhir?.close();
    await removeBuiltWeb();
  });

  async function addConnection(name: string, url: string): Promise<void> {
    await page.getByRole('button', { name: 'Add a FHIR server' }).click();
    const form = page.getByRole('form', { name: 'Add a FHIR server' });
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByLabel('FHIR base address').fill(url);
    await form.getByLabel('Country of local phone numbers').fill('CM');
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('heading', { level: 2, name }).waitFor();
  }

  it('connects, tests and syncs the dev server, and shows the skipped records', async () => {
    await signIn(page, server.url);
    await page.getByRole('link', { name: 'FHIR' }).click();
    await page.getByRole('heading', { level: 1, name: 'FHIR servers' }).waitFor();

    await addConnection('Dev registry', fhir.url);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText('Connected: FHIR 4.0.1 (R4)').waitFor();

    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByText(/^Finished at /).waitFor();
    const skipped = page.getByRole('heading', { level: 4, name: /^Skipped records \(\d+\)$/ });
    await skipped.waitFor();
    const reasons = await page.getByLabel('Reason').locator('option').allTextContents();
    expect(reasons).toEqual(expect.arrayContaining(['All reasons', 'No phone number', 'Invalid phone number']));
    await page.getByLabel('Reason').selectOption({ label: 'No phone number' });
    const rows = page.locator('table').nth(1).locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await rows.first().textContent()).toMatch(/^Practitioner\/.+no phone number in telecom/);
    await page.screenshot({ path: path.join(screenshotDir, 'fhir-synced.png'), fullPage: true });

    // the write-back export, turned on
    const exportCard = page.getByRole('region', { name: 'Write back to FHIR' });
    await exportCard.getByLabel('On', { exact: true }).check();
    await exportCard.getByRole('button', { name: 'Save' }).click();
    await exportCard.getByText('Saved.').waitFor();
  }, 90_000);

  it('shows a server that is down as unreachable, with the next try', async () => {
    await addConnection('Down', `http://127.0.0.1:${await closedPort()}/fhir`);
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByText(/^Failed at .*Nothing answers at/).waitFor({ timeout: 40_000 });
    await page.getByText(/^Kiunga tries again at .* \(failed 1 time\(s\) in a row\)\.$/).waitFor();
    expect(await page.locator('.fhir-status .badge').textContent()).toBe('unreachable');
    await page.screenshot({ path: path.join(screenshotDir, 'fhir-unreachable.png'), fullPage: true });
  }, 60_000);
});
