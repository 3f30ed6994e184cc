/**
 * End-to-end, as a new program officer would: sign in, take a library flow (flows-library/rapid-survey)
 * from the templates gallery, publish it, open its results page, target a district with the recipient picker,
 * start it, and — while health workers answer through the loopback SMS channel — watch the answers arrive
 * as charts; export the results as CSV and XLSX. Then a broadcast to another district with its progress
 * bar, and an unsolicited message answered from the inbox.
 *
 * The health workers are contacts with the fields FHIR sync writes (region, district, facility, cadre);
 * the messaging workers run in this process against the test server's database, sending to a local
 * provider stub. Screenshots go to test-results/e2e/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumMissingReason, launchChromium, type LaunchedBrowser } from './support/chromium.js';
import { buildWebOnce, removeBuiltWeb } from './support/build-web.js';
import { startTestServer, type TestServer } from './support/test-server.js';
import { loopbackPhones } from './support/loopback-phones.js';
import { signIn } from './support/session.js';
import { startProviderStub, type ProviderStub } from '../messaging/provider-stub.js';
import { seedLoopbackChannel } from '../messaging/seed.js';
import { seedContact } from '../results/seed.js';
import { startWorkers, type Workers } from '../../server/messaging/start-workers.js';
import { defaultWebhooks } from '../../server/http/webhooks.js';
import { installAxe, seriousViolations } from './support/axe.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const screenshotDir = path.join(repoRoot, 'test-results', 'e2e');
const missing = chromiumMissingReason();
if (missing) console.warn(missing);

const STEP_TIMEOUT = 20_000;
/** Per test: several waits on the real server, the workers and the browser, on shared cores. */
const STEP_BUDGET = 60_000;

const KILIFI = [
  { name: 'Amina Said', phone: '+254700100001', facility: 'Kilifi County Hospital', cadre: 'Nurse' },
  { name: 'Baraka Kenga', phone: '+254700100002', facility: 'Malindi Sub-County Hospital', cadre: 'Nurse' },
  { name: 'Chiku Mwero', phone: '+254700100003', facility: 'Kilifi County Hospital', cadre: 'Clinical Officer' },
];
const NYERI = [
  { name: 'Daniel Maina', phone: '+254700200001', facility: 'Nyeri County Referral Hospital', cadre: 'Nurse' },
  { name: 'Esther Wanjiru', phone: '+254700200002', facility: 'Othaya Sub-County Hospital', cadre: 'Midwife' },
];

describe.skipIf(missing !== null)(missing ?? 'program officer: library flow → district → live results → exports', () => {
  let server: TestServer;
  let browser: LaunchedBrowser;
  let page: Page;
  let provider: ProviderStub;
  let workers: Workers;
  let channelUuid: string;
  let flowId = '';
  const pageErrors: string[] = [];

  async function screenshot(name: string): Promise<void> {
    await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
  }

  /** A health worker's SMS reaching Kiunga through the loopback channel's webhook. */
  const { sms, sentTo } = loopbackPhones(() => ({ serverUrl: server.url, channelUuid, provider }), STEP_TIMEOUT);

  beforeAll(async () => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    const webRoot = await buildWebOnce();
    server = await startTestServer(webRoot);
    const db = server.server.db;
    await db.updateTable('workspaces').set({ languages: JSON.stringify(['eng', 'fra']) }).execute();
    const workspace = await db.selectFrom('workspaces').select('id').executeTakeFirstOrThrow();
    provider = await startProviderStub();
    channelUuid = (await seedLoopbackChannel(db, workspace.id, `${provider.url}/send`)).uuid;
    // The health workers as FHIR sync would have written them (server/fhir/contact-plan.ts fields).
    for (const c of KILIFI) await seedContact(db, workspace.id, { ...c, region: 'Coast', district: 'Kilifi' });
    for (const c of NYERI) await seedContact(db, workspace.id, { ...c, region: 'Central', district: 'Nyeri' });
    workers = startWorkers({ db, webhooks: defaultWebhooks, flowEvents: server.server.services.flowEvents, bulkPollMs: 200, timersPollMs: 500, providers: false });

    browser = await launchChromium({ locale: 'en-US' });
    await installAxe(browser.context);
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(STEP_TIMEOUT);
    page.on('pageerror', (error) => pageErrors.push(error.message));
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
      const name = `failed-results-${task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`;
      await page?.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true }).catch(() => undefined);
      if (server?.log.length) console.error(`server log:\n${server.log.join('\n')}`);
      if (pageErrors.length) console.error(`page errors:\n${pageErrors.join('\n')}`);
    });
  });

  it('signs in and takes the rapid survey from the templates gallery', async () => {
    await signIn(page, server.url);
    await page.getByRole('heading', { level: 1, name: 'Flows' }).waitFor();
    const nav = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(nav).toEqual(expect.arrayContaining(['Broadcasts', 'Inbox']));

    // The templates gallery (library area) copies the library flow into the workspace as a draft.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Templates' }).click();
    const card = page.getByRole('article', { name: 'Rapid survey (5 questions)' });
    await card.getByRole('button', { name: 'Use this template' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rapid survey (5 questions)' }).waitFor();
    flowId = decodeURIComponent(new URL(page.url()).hash.replace(/^#\/flows\//, ''));
    expect(flowId).not.toBe('');
  }, STEP_BUDGET);

  it('publishes it and opens its results', async () => {
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.locator('.flow-title .badge', { hasText: 'Published' }).waitFor();
    // The flow page's "Results" link is the editor's to add; the address is the same.
    await page.goto(`${server.url}/#/flows/${encodeURIComponent(flowId)}/results`);
    await page.getByRole('heading', { level: 1, name: 'Results: Rapid survey (5 questions)' }).waitFor();
    expect(await page.getByTestId('runs-count').textContent()).toBe('0');
    expect(await page.getByRole('heading', { level: 3, name: 'Fever Cases' }).count()).toBe(1);
  }, STEP_BUDGET);

  it('targets the Kilifi district and starts the flow for its three health workers', async () => {
    const panel = page.locator('.start-panel');
    await panel.getByLabel('District').selectOption('Kilifi');
    await panel.getByText('3 contacts will receive it').waitFor();
    await panel.getByLabel('Cadre').selectOption('Nurse');
    await panel.getByText('2 contacts will receive it').waitFor();
    await panel.getByLabel('Cadre').selectOption('');
    await panel.getByText('3 contacts will receive it').waitFor();
    await screenshot('results-01-target-district');
    await panel.getByRole('button', { name: 'Start for 3 contacts' }).click();
    await panel.locator('.alert.success').waitFor();
    for (const c of KILIFI) await sentTo(c.phone, '1/5');
    expect(provider.log.some((m) => NYERI.some((c) => m.to.endsWith(c.phone)))).toBe(false);
    await expect.poll(() => page.getByTestId('runs-count').textContent(), { timeout: STEP_TIMEOUT }).toBe('3');
  }, STEP_BUDGET);

  it('shows the answers as charts while health workers reply', async () => {
    const [amina, baraka, chiku] = KILIFI;
    await sms(amina!.phone, '12');
    await sms(baraka!.phone, '30');
    await sms(chiku!.phone, '7');
    for (const c of KILIFI) await sentTo(c.phone, '2/5');
    await sms(amina!.phone, 'yes');
    await sms(baraka!.phone, 'yes');
    await sms(chiku!.phone, 'no');
    await sentTo(amina!.phone, '3/5');
    await sms(amina!.phone, '1');
    await sentTo(amina!.phone, '4/5');
    await sms(amina!.phone, '5');
    await sentTo(amina!.phone, '5/5');
    await sms(amina!.phone, '2');
    await sentTo(amina!.phone, 'Thank you');

    // No reload: the page polls while runs are waiting.
    const guidelines = page.getByRole('figure', { name: 'Guidelines' });
    await expect.poll(async () => guidelines.getByRole('row', { name: /^Yes 2$/ }).count(), { timeout: STEP_TIMEOUT }).toBe(1);
    await guidelines.getByRole('row', { name: /^No 1$/ }).waitFor();
    expect(await guidelines.locator('canvas').count()).toBe(1);
    const fever = page.getByRole('figure', { name: 'Fever Cases' });
    expect(await fever.getByText('3 answers').count()).toBe(1);
    await fever.getByText('Average: 16.33').waitFor();
    await page.getByRole('figure', { name: 'Supervision' }).getByRole('row', { name: /^Useful 1$/ }).waitFor();
    await expect.poll(() => page.locator('.rate-card').nth(2).locator('.value').textContent(), { timeout: STEP_TIMEOUT }).toBe('33%');
    // drop-off: two are still expected to answer question 3
    const dropOff = page.locator('table.drop-off');
    await dropOff.getByRole('row', { name: /^Main Challenge 3 2 0$/ }).waitFor();
    // breakdown by facility
    await page.getByRole('button', { name: 'Facility', exact: true }).click();
    await page.locator('.breakdown').getByRole('row', { name: /^Kilifi County Hospital 2 2 1/ }).waitFor();
    await guidelines.getByRole('button', { name: 'Pie' }).click();
    await screenshot('results-02-live-charts');
    expect(await seriousViolations(page)).toEqual([]);
  }, STEP_BUDGET);

  it('exports the results as CSV and XLSX', async () => {
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV' }).click()]);
    expect(csvDownload.suggestedFilename()).toMatch(/^rapid-survey-5-questions-results-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = fs.readFileSync((await csvDownload.path())!, 'utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(csv).toHaveLength(4);
    expect(csv[0]).toContain('District');
    expect(csv[0]).toContain('Fever Cases');
    expect(csv.find((line) => line.includes('Amina Said'))).toMatch(/Kilifi.*completed/);

    const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Excel (XLSX)' }).click()]);
    expect(xlsxDownload.suggestedFilename()).toMatch(/\.xlsx$/);
    const files = unzipSync(new Uint8Array(fs.readFileSync((await xlsxDownload.path())!)));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['xl/workbook.xml', 'xl/worksheets/sheet1.xml']));
  }, STEP_BUDGET);

  it('broadcasts to the Nyeri district with a cost estimate and a live progress bar', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Broadcasts' }).click();
    await page.getByRole('heading', { level: 1, name: 'Broadcasts' }).waitFor();
    await page.getByLabel('Message').fill('Malaria guidelines 2026 are now in every facility. Reply if yours has none.');
    await page.getByText('1 SMS · 75 characters (GSM-7)').waitFor();
    await page.getByLabel('District').selectOption('Nyeri');
    await page.getByText('2 contacts will receive it').waitFor();
    await page.getByLabel('Price of one SMS').fill('0.8');
    await page.getByLabel('Currency').fill('KES');
    await page.getByText('estimated cost 1.6 KES (2 SMS)').waitFor();
    await page.getByRole('button', { name: 'Send broadcast' }).click();
    await page.getByText('Broadcast queued for 2 recipients.').waitFor();
    for (const c of NYERI) await sentTo(c.phone, 'Malaria guidelines 2026');
    const item = page.locator('.broadcast-item').first();
    await expect.poll(() => item.locator('[data-count="sent"]').textContent(), { timeout: STEP_TIMEOUT }).toBe('2');
    await sms(NYERI[0]!.phone, 'Othaya has none, please send');
    await expect.poll(() => item.locator('[data-count="replied"]').textContent(), { timeout: STEP_TIMEOUT }).toBe('1');
    await screenshot('results-03-broadcast');
    expect(await seriousViolations(page)).toEqual([]);
  }, STEP_BUDGET);

  it('answers the unhandled message from the inbox, with a label', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
    const message = page.getByRole('listitem', { name: 'Message from Daniel Maina' });
    await message.getByText('Othaya has none, please send').waitFor();
    await page.getByPlaceholder('New label').fill('Stock-out');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await message.getByRole('button', { name: 'Labels' }).click();
    // The box shows the saved state: it turns checked once the server has applied the label.
    await message.getByLabel('Stock-out').click();
    await message.locator('.badge', { hasText: 'Stock-out' }).waitFor();
    await expect.poll(() => message.getByLabel('Stock-out').isChecked()).toBe(true);
    await message.getByLabel('Reply to Daniel Maina').fill('Thank you, a copy is on its way to Othaya.');
    await message.getByRole('button', { name: 'Send' }).click();
    await sentTo(NYERI[0]!.phone, 'a copy is on its way');
    await message.getByText(/a copy is on its way/).waitFor();
    await page.getByLabel('Search messages').fill('nothing like this');
    await page.getByText('No message matches').waitFor();
    await screenshot('results-04-inbox');
    expect(await seriousViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, STEP_BUDGET);
});
