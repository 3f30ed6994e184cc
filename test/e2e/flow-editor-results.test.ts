/**
 * End-to-end: “Show results on the canvas” on the flow page. Health workers start a published survey by
 * texting a keyword through the loopback SMS channel (real webhook, real messaging workers); the officer
 * turns the overlay on and reads, on each step card, how many runs reached it, wait there and stopped there;
 * more replies arrive and the counts refresh without reloading; the same in French; turned off, the counts go.
 * Screenshots: test-results/e2e/editor-results-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { chromiumMissingReason, launchChromium, type LaunchedBrowser } from './support/chromium.js';
import { buildWebOnce, removeBuiltWeb } from './support/build-web.js';
import { startTestServer, TEST_ADMIN, type TestServer } from './support/test-server.js';
import { loopbackPhones } from './support/loopback-phones.js';
import { installAxe, seriousViolations } from './support/axe.js';
import { startProviderStub, type ProviderStub } from '../messaging/provider-stub.js';
import { seedFlow, seedLoopbackChannel, seedTrigger } from '../messaging/seed.js';
import { startWorkers, type Workers } from '../../server/messaging/start-workers.js';
import { defaultWebhooks } from '../../server/http/webhooks.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const screenshotDir = path.join(repoRoot, 'test-results', 'e2e');
const missing = chromiumMissingReason();
if (missing) console.warn(missing);

const STEP_TIMEOUT = 20_000;
/** The overlay refreshes every 10 s: a refresh plus the workers and the browser on shared cores. */
const REFRESH_TIMEOUT = 30_000;
const STEP_BUDGET = 60_000;

/** A v4-shaped uuid for the survey below. Example: `id(7)` → "00000000-0000-4000-8000-000000000007". */
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const WELCOME_NODE = id(4);
const AGE_NODE = id(1);
const STOCK_NODE = id(2);
const END_NODE = id(3);

/**
 * A survey that runs on the real engine: a welcome, "How old are you?" (waits, a number), "Do you have ORS in
 * stock?" (waits), "Thank you". The welcome comes first because, as in goflow, a wait on the very first step
 * of a flow started by a message takes that message (the keyword) as its answer.
 */
function surveyFlow(): Record<string, unknown> {
  return {
    uuid: id(100), name: 'ORS survey', spec_version: '14.4.2', language: 'eng', type: 'messaging', revision: 1, expire_after_minutes: 1440, localization: {},
    nodes: [
      { uuid: WELCOME_NODE, actions: [{ uuid: id(14), type: 'send_msg', text: 'Welcome to the ORS survey.' }], exits: [{ uuid: id(47), destination_uuid: AGE_NODE }] },
      {
        uuid: AGE_NODE,
        actions: [{ uuid: id(11), type: 'send_msg', text: 'How old are you?' }],
        router: {
          type: 'switch', operand: '@input.text', result_name: 'Age', default_category_uuid: id(22), wait: { type: 'msg' },
          cases: [{ uuid: id(31), type: 'has_number_between', arguments: ['0', '120'], category_uuid: id(21) }],
          categories: [{ uuid: id(21), name: 'Valid', exit_uuid: id(41) }, { uuid: id(22), name: 'Other', exit_uuid: id(42) }],
        },
        exits: [{ uuid: id(41), destination_uuid: STOCK_NODE }, { uuid: id(42), destination_uuid: AGE_NODE }],
      },
      {
        uuid: STOCK_NODE,
        actions: [{ uuid: id(12), type: 'send_msg', text: 'Do you have ORS in stock?' }],
        router: {
          type: 'switch', operand: '@input.text', result_name: 'Stock', default_category_uuid: id(25), wait: { type: 'msg' },
          cases: [{ uuid: id(32), type: 'has_any_word', arguments: ['yes'], category_uuid: id(23) }, { uuid: id(33), type: 'has_any_word', arguments: ['no'], category_uuid: id(24) }],
          categories: [{ uuid: id(23), name: 'Yes', exit_uuid: id(43) }, { uuid: id(24), name: 'No', exit_uuid: id(44) }, { uuid: id(25), name: 'Other', exit_uuid: id(45) }],
        },
        exits: [{ uuid: id(43), destination_uuid: END_NODE }, { uuid: id(44), destination_uuid: END_NODE }, { uuid: id(45), destination_uuid: END_NODE }],
      },
      { uuid: END_NODE, actions: [{ uuid: id(13), type: 'send_msg', text: 'Thank you' }], exits: [{ uuid: id(46), destination_uuid: null }] },
    ],
  };
}

const AMINA = '+254700300001';
const BARAKA = '+254700300002';
const CHIKU = '+254700300003';

describe.skipIf(missing !== null)(missing ?? 'flow editor: results on the canvas', () => {
  let server: TestServer;
  let browser: LaunchedBrowser;
  let page: Page;
  let provider: ProviderStub;
  let workers: Workers;
  let channelUuid = '';
  let flowId = '';
  const pageErrors: string[] = [];

  async function screenshot(name: string): Promise<void> {
    await page.screenshot({ path: path.join(screenshotDir, `editor-results-${name}.png`) });
  }

  /** A health worker's SMS reaching Kiunga through the loopback channel's webhook. */
  const { sms, sentTo } = loopbackPhones(() => ({ serverUrl: server.url, channelUuid, provider }), STEP_TIMEOUT);

  function card(text: string): Locator {
    return page.locator('.step-card', { hasText: text });
  }

  /** The overlay's figures on a card, e.g. `['3 reached', '3 waiting', '0 stopped']`. */
  async function figures(text: string): Promise<string[]> {
    return card(text).locator('[data-testid="step-results"] [data-count]').allTextContents();
  }

  beforeAll(async () => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    const webRoot = await buildWebOnce();
    server = await startTestServer(webRoot);
    const db = server.server.db;
    const workspace = await db.selectFrom('workspaces').select('id').executeTakeFirstOrThrow();
    provider = await startProviderStub();
    channelUuid = (await seedLoopbackChannel(db, workspace.id, `${provider.url}/send`)).uuid;
    // A published survey: "How old are you?" (waits), "Do you have ORS in stock?" (waits), "Thank you".
    flowId = await seedFlow(db, workspace.id, surveyFlow());
    await seedTrigger(db, workspace.id, 'survey', flowId);
    workers = startWorkers({ db, webhooks: defaultWebhooks, flowEvents: server.server.services.flowEvents, bulkPollMs: 200, timersPollMs: 500, providers: false });

    browser = await launchChromium({ locale: 'en-US' });
    await installAxe(browser.context);
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(STEP_TIMEOUT);
    page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await workers?.stop();
    await provider?.close();
    await server?.close();
    await removeBuiltWeb();
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      const name = `failed-editor-results-${task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`;
      await page?.screenshot({ path: path.join(screenshotDir, `${name}.png`) }).catch(() => undefined);
      if (server?.log.length) console.error(`server log:\n${server.log.join('\n')}`);
      if (pageErrors.length) console.error(`page errors:\n${pageErrors.join('\n')}`);
    });
  });

  it('three health workers start the survey by SMS', async () => {
    for (const phone of [AMINA, BARAKA, CHIKU]) await sms(phone, 'survey');
    for (const phone of [AMINA, BARAKA, CHIKU]) await sentTo(phone, 'How old are you?');
  }, STEP_BUDGET);

  it('shows on each step how many runs reached it, wait there and stopped there', async () => {
    await page.goto(server.url);
    await page.getByLabel('Email address').fill(TEST_ADMIN.email);
    await page.getByLabel('Password').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Flows' }).waitFor();
    await page.goto(`${server.url}/#/flows/${encodeURIComponent(flowId)}`);
    await card('How old are you?').waitFor();
    // Off by default: no counts, nothing polled.
    expect(await page.locator('[data-testid="step-results"]').count()).toBe(0);

    const toggle = page.getByRole('button', { name: 'Show results on the canvas' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('canvas-results-legend').getByText('Results of 3 runs, refreshed every 10 seconds').waitFor();
    await expect.poll(() => figures('How old are you?')).toEqual(['3 reached', '3 waiting', '0 stopped']);
    // Steps no run reached yet show zeros, greyed.
    expect(await figures('Do you have ORS in stock?')).toEqual(['0 reached', '0 waiting', '0 stopped']);
    expect(await card('Thank you').locator('.step-results.none').count()).toBe(1);
    await screenshot('01-three-waiting');
    expect(await seriousViolations(page)).toEqual([]);
  }, STEP_BUDGET);

  it('refreshes the counts while shown, as replies arrive', async () => {
    await sms(AMINA, '34');
    await sentTo(AMINA, 'Do you have ORS in stock?');
    await sms(BARAKA, '41');
    await sentTo(BARAKA, 'Do you have ORS in stock?');
    await sms(BARAKA, 'yes');
    await sentTo(BARAKA, 'Thank you');
    // Chiku starts again: the first run is interrupted where it waited (stopped there), a new one waits.
    await sms(CHIKU, 'survey');
    await sentTo(CHIKU, 'How old are you?', 2);

    // No reload: the overlay refreshes by itself.
    await expect.poll(() => figures('How old are you?'), { timeout: REFRESH_TIMEOUT, interval: 250 }).toEqual(['4 reached', '1 waiting', '1 stopped']);
    expect(await figures('Do you have ORS in stock?')).toEqual(['2 reached', '1 waiting', '0 stopped']);
    expect(await figures('Thank you')).toEqual(['1 reached', '0 waiting', '0 stopped']);
    expect(await figures('Welcome to the ORS survey.')).toEqual(['4 reached', '0 waiting', '0 stopped']);
    await page.getByTestId('canvas-results-legend').getByText('Results of 4 runs, refreshed every 10 seconds').waitFor();
    expect(await card('How old are you?').locator('[data-count="stopped"].stopped').count()).toBe(1);
    await screenshot('02-refreshed');
  }, STEP_BUDGET);

  it('speaks French, and turned off the counts go away', async () => {
    // The page is drawn again in French; the choice to show the counts is remembered.
    await page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
    await page.getByRole('button', { name: 'Afficher les résultats sur le canevas' }).waitFor();
    await expect.poll(() => figures('How old are you?')).toEqual(['4 arrivés', '1 en attente', '1 arrêté']);
    await page.getByTestId('canvas-results-legend').getByText('Résultats de 4 parcours, actualisés toutes les 10 secondes').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot('03-french');

    await page.getByRole('button', { name: 'Afficher les résultats sur le canevas' }).click();
    await page.locator('[data-testid="step-results"]').first().waitFor({ state: 'detached' });
    expect(await page.getByTestId('canvas-results-legend').count()).toBe(0);
    await page.getByRole('combobox', { name: 'Langue' }).selectOption('en');
    await page.getByRole('button', { name: 'Show results on the canvas' }).waitFor();
    expect(pageErrors).toEqual([]);
  }, STEP_BUDGET);
});
