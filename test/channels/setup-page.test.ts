/**
 * End to end: an administrator sets up an Africa's Talking channel from the channels page (the built web app
 * against a real Kiunga server, headless Chromium), sees the webhook addresses and never the API key again,
 * sends a test message that the outbox delivers to the provider emulator, and sees a rejected message's error
 * and an inbound picture in the traffic list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { chromiumMissingReason, launchChromium, type LaunchedBrowser } from '../e2e/support/chromium.js';
import { buildWebOnce, removeBuiltWeb } from '../e2e/support/build-web.js';
import { startTestServer, type TestServer } from '../e2e/support/test-server.js';
import { keepEvidenceOnFailure, signIn } from '../e2e/support/session.js';
import { startAfricasTalkingEmulator, type AfricasTalkingEmulator } from '../../server/dev/emulators/africastalking.js';
import { PROVIDER_CHANNEL_TYPES } from '../../server/channels/registry-providers.js';
import { OutboxSender } from '../../server/jobs/outbox-sender.js';
import { runtimeFor } from '../../server/messaging/runtime.js';
import { first, run } from '../../server/messaging/sql.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const screenshotDir = path.join(repoRoot, 'test-results', 'channels');
const missing = chromiumMissingReason();
if (missing) console.warn(missing);
const STEP_TIMEOUT = 15_000;

describe.skipIf(missing !== null)(missing ?? 'channel setup page', () => {
  let server: TestServer;
  let browser: LaunchedBrowser;
  let page: Page;
  let at: AfricasTalkingEmulator;

  beforeAll(async () => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    at = await startAfricasTalkingEmulator({ username: 'moh', apiKey: 'at-secret-key-42' });
    const webRoot = await buildWebOnce();
    server = await startTestServer(webRoot);
    browser = await launchChromium({ locale: 'en-US' });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(STEP_TIMEOUT);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await at?.close();
    await removeBuiltWeb();
  });

  keepEvidenceOnFailure(() => page, () => server, screenshotDir);

  it('adds a channel, shows its webhooks, sends a test message and shows traffic and errors', async () => {
    await signIn(page, server.url);
    await page.getByRole('heading', { level: 1, name: 'Flows' }).waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Channels' }).click();
    await page.getByRole('heading', { level: 1, name: 'Channels' }).waitFor();
    await page.getByText('No channel yet. Add one to start sending messages.').waitFor();

    await page.getByRole('button', { name: 'Add a channel' }).click();
    await page.getByLabel('Provider', { exact: true }).selectOption('africastalking');
    await page.getByLabel('Name', { exact: true }).fill('SMS Kenya');
    await page.getByLabel('Address (number, short code, page or bot)', { exact: true }).fill('20880');
    await page.getByLabel('Send rate (SMS segments per second)', { exact: true }).fill('5');
    await page.getByLabel(/^Username/).fill('moh');
    await page.getByLabel(/^API key/).fill('at-secret-key-42');
    await page.getByText('Advanced settings').click();
    await page.getByLabel('Send URL', { exact: true }).fill(at.sendUrl);
    await page.getByRole('button', { name: 'Add channel' }).click();

    await page.getByRole('heading', { level: 2, name: 'SMS Kenya' }).waitFor();
    const receive = await page.getByTestId('webhook-receive').textContent();
    expect(receive).toMatch(new RegExp(`^${server.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/webhooks/channels/africastalking/[0-9a-f-]{36}/receive$`));
    await page.getByTestId('webhook-status').waitFor();
    expect(await page.getByTestId('channel-rate').textContent()).toContain('5 SMS segments per second');
    expect(await page.content()).not.toContain('at-secret-key-42');
    await page.screenshot({ path: path.join(screenshotDir, '01-channel-created.png') });

    // The outbox of this test process sends what the page queues (the test server runs no workers).
    const rt = runtimeFor(server.server.db);
    for (const type of PROVIDER_CHANNEL_TYPES) rt.channelTypes.register(type);
    const sender = new OutboxSender(rt);

    await page.getByLabel('To', { exact: true }).fill('tel:+254711000001');
    await page.getByLabel('Message', { exact: true }).fill('Habari kutoka Kiunga');
    await page.getByRole('button', { name: 'Send test' }).click();
    await page.getByText('Queued. Its status appears in the traffic list below.').waitFor();
    await expect.poll(async () => { await sender.tick(); return at.sent.length; }, { timeout: STEP_TIMEOUT }).toBe(1);
    expect(at.sent[0]).toMatchObject({ to: '+254711000001', message: 'Habari kutoka Kiunga' });

    at.failNext(1, { kind: 'rejected' });
    await page.getByLabel('To', { exact: true }).fill('tel:+254711000002');
    await page.getByRole('button', { name: 'Send test' }).click();
    await expect.poll(async () => { await sender.tick(); return (await first<{ n: number }>(server.server.db, `SELECT COUNT(*) AS n FROM messages WHERE status = 'failed'`))!.n; }, { timeout: STEP_TIMEOUT }).toBe(1);

    // A picture received on the channel, as the webhook stores it.
    const sent = await first<{ workspace_id: string; contact_id: string; contact_urn_id: string; channel_id: string }>(server.server.db, `SELECT workspace_id, contact_id, contact_urn_id, channel_id FROM messages WHERE text = 'Habari kutoka Kiunga'`);
    const later = new Date(Date.now() + 1000).toISOString();
    await run(server.server.db, `INSERT INTO messages (id, workspace_id, uuid, contact_id, contact_urn_id, channel_id, direction, text, attachments, quick_replies, status, priority, segments, attempts, created_at, updated_at)
      VALUES ('e2e-in-1', ?, 'e2e-in-uuid-1', ?, ?, ?, 'in', 'Picha ya kliniki', ?, '[]', 'handled', 1, 1, 0, ?, ?)`,
    [sent!.workspace_id, sent!.contact_id, sent!.contact_urn_id, sent!.channel_id, JSON.stringify([`image/png:${server.url}/favicon.png`, `application/pdf:${server.url}/report.pdf`]), later, later]);

    // The traffic list refreshes by itself: wait for each state explicitly.
    const rows = page.getByTestId('traffic-row');
    await rows.filter({ hasText: 'Habari kutoka Kiunga' }).filter({ hasText: 'Handed to provider' }).waitFor();
    const failed = rows.filter({ hasText: 'tel:+254711000002' });
    await failed.filter({ hasText: 'Failed' }).waitFor();
    expect(await failed.locator('.traffic-error').textContent()).toMatch(/africastalking/);
    const inbound = rows.filter({ hasText: 'Picha ya kliniki' });
    await inbound.waitFor();
    expect(await inbound.getByRole('img', { name: 'Picture sent with the message' }).getAttribute('src')).toBe(`${server.url}/favicon.png`);
    expect(await inbound.getByRole('link', { name: 'Document (application/pdf)' }).getAttribute('href')).toBe(`${server.url}/report.pdf`);
    const counts = await page.getByTestId('traffic-counts').textContent();
    expect(counts).toContain('Handed to provider: 1');
    expect(counts).toContain('Failed: 1');
    await page.screenshot({ path: path.join(screenshotDir, '02-channel-traffic.png'), fullPage: true });
  }, 120_000);
});
