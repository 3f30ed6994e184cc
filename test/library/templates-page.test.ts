/**
 * End to end (built web app, real server, headless Chromium): a French-speaking officer opens the templates
 * gallery, sees the cards in French, uses the surveillance alert template and lands in the editor on the new
 * flow; switching the interface to English shows the cards in English.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumMissingReason, launchChromium, type LaunchedBrowser } from '../e2e/support/chromium.js';
import { buildWebOnce, removeBuiltWeb } from '../e2e/support/build-web.js';
import { startTestServer, TEST_ADMIN, type TestServer } from '../e2e/support/test-server.js';

const missing = chromiumMissingReason();
const STEP_TIMEOUT = 20_000;
const screenshotDir = path.resolve(import.meta.dirname, '../../test-results/library');

describe.skipIf(missing !== null)(missing ?? 'templates gallery in the browser', () => {
  let server: TestServer;
  let browser: LaunchedBrowser;
  let page: Page;

  beforeAll(async () => {
    const webRoot = await buildWebOnce();
    server = await startTestServer(webRoot);
    browser = await launchChromium({ locale: 'fr-FR' });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(STEP_TIMEOUT);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await removeBuiltWeb();
  });

  it('shows the cards in French and opens the new flow in the editor', async () => {
    await page.goto(server.url);
    await page.getByLabel('Adresse e-mail').fill(TEST_ADMIN.email);
    await page.getByLabel('Mot de passe').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Modèles' }).click();
    await page.getByRole('heading', { level: 1, name: 'Modèles de flux' }).waitFor();

    const card = page.getByRole('article', { name: 'Alerte de surveillance (choléra suspect)' });
    await card.waitFor();
    expect(await card.textContent()).toContain('responsable de la surveillance du district');
    expect(await page.getByRole('article').count()).toBeGreaterThanOrEqual(9);
    fs.mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: path.join(screenshotDir, 'templates-fr.png') });

    await card.getByRole('button', { name: 'Utiliser ce modèle' }).click();
    await page.waitForURL(/#\/flows\/[^/]+$/);
    const flowId = new URL(page.url()).hash.split('/')[2]!;
    const row = await server.server.db.selectFrom('flows').select(['name']).where('id', '=', flowId).executeTakeFirst();
    expect(row?.name).toBe('Alerte de surveillance (choléra suspect)');
    await page.getByText('Alerte de surveillance (choléra suspect)').first().waitFor();
  }, 60_000);

  it('shows the cards in English once the interface is in English', async () => {
    await page.goto(`${server.url}/#/templates`);
    await page.getByLabel('Langue', { exact: true }).selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Flow templates' }).waitFor();
    await page.getByRole('article', { name: 'Patient appointment reminder' }).waitFor();
    expect(await page.getByRole('button', { name: 'Use this template' }).count()).toBeGreaterThanOrEqual(9);
  }, 60_000);
});
