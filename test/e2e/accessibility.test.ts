/**
 * Accessibility: axe-core (WCAG 2.1 A and AA rules) on every page of the app, signed in, in headless
 * Chromium against a real server: the login page, the flows list, the flow editor with a real flow, the
 * contacts, and each section of the navigation. A serious or critical finding fails the test, naming the
 * rule and the elements.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { installAxe, seriousViolations } from './support/axe.js';
import { chromiumMissingReason, launchChromium, type LaunchedBrowser } from './support/chromium.js';
import { buildWebOnce, removeBuiltWeb } from './support/build-web.js';
import { startTestServer, TEST_ADMIN, type TestServer } from './support/test-server.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const missing = chromiumMissingReason();
if (missing) console.warn(missing);

describe.skipIf(missing !== null)(missing ?? 'accessibility (axe)', () => {
  let server: TestServer;
  let browser: LaunchedBrowser;
  let page: Page;
  let flowId = '';

  /** Opens a page by its hash path and waits until it has rendered its heading and finished loading. */
  async function open(hashPath: string): Promise<void> {
    await page.goto(`${server.url}/#${hashPath}`);
    await page.locator('main h1, main h2').first().waitFor();
    await expect.poll(() => page.locator('main [role="status"]:text-matches("Loading|Chargement")').count(), { timeout: 15_000 }).toBe(0);
  }

  async function expectNoSeriousViolations(where: string): Promise<void> {
    const problems = await seriousViolations(page);
    expect(problems, `${where}: ${JSON.stringify(problems, null, 2)}`).toEqual([]);
  }

  beforeAll(async () => {
    const webRoot = await buildWebOnce();
    server = await startTestServer(webRoot);
    browser = await launchChromium({ locale: 'en-US' });
    await installAxe(browser.context);
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(20_000);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await removeBuiltWeb();
  });

  it('the login page', async () => {
    await page.goto(server.url);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await expectNoSeriousViolations('login page');
  });

  it('the flows list and the editor with a real flow', async () => {
    await page.getByLabel('Email address').fill(TEST_ADMIN.email);
    await page.getByLabel('Password').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Flows' }).waitFor();

    const fixture = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/fixtures/rapidpro-fever-check.json'), 'utf8')) as unknown;
    const response = await page.request.post(new URL('/trpc/flows.import', server.url).href, {
      data: { file: fixture, publish: true },
      headers: { 'x-kiunga-csrf': '1' },
    });
    const body = (await response.json()) as { result?: { data: { flows: { id: string }[] } } };
    flowId = body.result?.data.flows[0]?.id ?? '';
    expect(flowId).not.toBe('');

    await open('/flows');
    await expectNoSeriousViolations('flows list');
    await open(`/flows/${flowId}`);
    await page.locator('.step-card').first().waitFor();
    await expectNoSeriousViolations('flow editor');
  });

  // Every section of the navigation, whatever it holds today.
  it('every section of the navigation', async () => {
    await open('/flows');
    const sections = await page.locator('header nav a').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
    expect(sections.length).toBeGreaterThan(1);
    for (const href of sections) {
      const hashPath = href.replace(/^#/, '');
      await open(hashPath);
      await expectNoSeriousViolations(`page ${hashPath}`);
    }
  });

  it('the same in French', async () => {
    await page.getByRole('combobox', { name: /Language|Langue/ }).selectOption('fr').catch(async () => {
      // The switcher may be buttons rather than a select.
      await page.getByRole('button', { name: 'Français' }).click();
    });
    await open('/flows');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('fr');
    await expectNoSeriousViolations('flows list in French');
    await open(`/flows/${flowId}`);
    await page.locator('.step-card').first().waitFor();
    await expectNoSeriousViolations('flow editor in French');
  });
});
