/**
 * End-to-end: an administrator opens the workspace settings, adds French to the languages, sets quiet
 * hours and a French stop word, and finds them again after a reload; a time zone that does not exist is
 * refused with a message naming it, and nothing is saved.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumMissingReason, launchChromium, type LaunchedBrowser } from './support/chromium.js';
import { buildWebOnce, removeBuiltWeb } from './support/build-web.js';
import { startTestServer, type TestServer } from './support/test-server.js';
import { keepEvidenceOnFailure, signIn } from './support/session.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const screenshotDir = path.join(repoRoot, 'test-results', 'e2e');
const missing = chromiumMissingReason();
if (missing) console.warn(missing);

describe.skipIf(missing !== null)(missing ?? 'workspace settings end to end', () => {
  let server: TestServer;
  let browser: LaunchedBrowser;
  let page: Page;

  beforeAll(async () => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    server = await startTestServer(await buildWebOnce());
    browser = await launchChromium({ locale: 'en-US' });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(15_000);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await removeBuiltWeb();
  });

  keepEvidenceOnFailure(() => page, () => server, screenshotDir);

  it('adds French, quiet hours and a stop word, kept after a reload', async () => {
    await signIn(page, server.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Workspace settings' }).waitFor();
    const languages = page.getByRole('group', { name: 'Languages of your health workers' });
    expect(await languages.getByLabel('English').isChecked()).toBe(true);
    await languages.getByLabel('French').check();
    await page.getByLabel('Hold broadcasts during quiet hours').check();
    await page.getByLabel('From').fill('21:00');
    await page.getByLabel('Until').fill('06:30');
    await page.getByLabel('Words that stop messages').fill('stop, unsubscribe, arret');
    await page.getByRole('button', { name: 'Save the settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
    await page.screenshot({ path: path.join(screenshotDir, 'settings-saved.png') });

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Workspace settings' }).waitFor();
    await expect.poll(() => page.getByRole('group', { name: 'Languages of your health workers' }).getByLabel('French').isChecked()).toBe(true);
    expect(await page.getByLabel('Until').inputValue()).toBe('06:30');
    expect(await page.getByLabel('Words that stop messages').inputValue()).toBe('stop, unsubscribe, arret');
  });

  it('refuses an unknown time zone with a clear message and keeps the saved one', async () => {
    await page.getByLabel('Time zone').fill('Africa/Atlantis');
    await page.getByRole('button', { name: 'Save the settings' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('timezone');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Workspace settings' }).waitFor();
    await expect.poll(() => page.getByLabel('Time zone').inputValue()).not.toBe('Africa/Atlantis');
  });
});
