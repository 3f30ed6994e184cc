/**
 * End-to-end: the classifier pages in headless Chromium against a real server. A program officer creates a
 * classifier, imports the shipped FAQ training set, trains it, reads the held-back accuracy and the confusion
 * list, tries a phrase, retrains and rolls back to version 1, all without code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumMissingReason, launchChromium, type LaunchedBrowser } from './support/chromium.js';
import { buildWebOnce, removeBuiltWeb } from './support/build-web.js';
import { startTestServer, type TestServer } from './support/test-server.js';
import { signIn } from './support/session.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const trainingSet = path.join(repoRoot, 'flows-library', 'faq', 'training.json');
const screenshotDir = path.join(repoRoot, 'test-results', 'e2e');
const missing = chromiumMissingReason();
if (missing) console.warn(missing);

/** Training 500 phrases takes a few seconds on a busy machine. */
const STEP_TIMEOUT = 30_000;

describe.skipIf(missing !== null)(missing ?? 'classifier pages', () => {
  let server: TestServer;
  let browser: LaunchedBrowser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    const webRoot = await buildWebOnce();
    server = await startTestServer(webRoot);
    browser = await launchChromium({ locale: 'en-US' });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(STEP_TIMEOUT);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await removeBuiltWeb();
  });

  it('creates, trains, evaluates, tries and rolls back a classifier', async () => {
    await signIn(page, server.url);
    await page.getByRole('link', { name: 'Classifiers' }).click();
    await page.getByRole('heading', { level: 1, name: 'Classifiers' }).waitFor();
    await page.getByText('No classifier yet.').waitFor();

    // Create: English and French are ticked by default; add Portuguese and Swahili for the FAQ set.
    await page.getByLabel('Name', { exact: true }).fill('Health FAQ');
    await page.getByLabel('Portuguese').check();
    await page.getByLabel('Swahili').check();
    await page.getByRole('button', { name: 'Create the classifier' }).click();
    await page.getByRole('heading', { level: 1, name: 'Health FAQ' }).waitFor();
    expect(await page.getByRole('heading', { level: 3, name: 'none' }).count()).toBe(1); // the mandatory intent

    await page.getByLabel('Training-set file').setInputFiles(trainingSet);
    await page.getByRole('status').filter({ hasText: /phrases added/ }).waitFor();
    expect(await page.getByRole('heading', { level: 3, name: 'stock_out' }).count()).toBe(1);

    await page.getByRole('button', { name: 'Train now' }).click();
    await page.getByRole('status').filter({ hasText: /Version 1 trained in [\d.]+ s/ }).waitFor();
    const accuracy = await page.getByTestId('accuracy').textContent();
    const percentValue = Number(/(\d+)\s?%/.exec(accuracy ?? '')?.[1]);
    expect(percentValue).toBeGreaterThanOrEqual(75);
    expect(await page.getByTestId('confusion').getByRole('row').count()).toBeGreaterThan(1);

    await page.getByLabel('Phrase', { exact: true }).fill('we have run out of malaria tests');
    await page.getByRole('button', { name: 'Classify' }).click();
    await expect.poll(() => page.getByTestId('try-intent').textContent()).toBe('stock_out');
    await page.screenshot({ path: path.join(screenshotDir, 'classifier-trained.png'), fullPage: true });
    await page.getByLabel('Phrase', { exact: true }).fill('what is the football score');
    await page.getByRole('button', { name: 'Classify' }).click();
    await expect.poll(() => page.getByTestId('try-intent').textContent()).toBe('none (not understood)');

    await page.getByRole('button', { name: 'Train now' }).click();
    await page.getByRole('status').filter({ hasText: /Version 2 trained/ }).waitFor();
    await page.getByRole('button', { name: 'Use version 1' }).click();
    await page.getByRole('status').filter({ hasText: 'Version 1 is now active.' }).waitFor();
    await page.getByText('Active: version 1').waitFor();
    await page.getByRole('link', { name: '← All classifiers' }).click();
    await page.getByRole('link', { name: 'Health FAQ' }).waitFor();
    await page.screenshot({ path: path.join(screenshotDir, 'classifiers-list.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
