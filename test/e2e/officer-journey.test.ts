/**
 * End-to-end, as a new program officer would go: sign in; create a flow with four steps (send, ask, split on
 * a number range, save the result); see a problem in the panel and fix it; run the flow in the simulator to
 * the end; publish; look at the history (preview the published revision, restore it); translate a message
 * into French; import an mHero RapidPro export (when ../shared is there) and simulate it. A screenshot of
 * each stage goes to test-results/e2e/officer-journey/. Every wait is on an explicit state of the page.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { chromiumMissingReason, launchChromium, type LaunchedBrowser } from './support/chromium.js';
import { buildWebOnce, removeBuiltWeb } from './support/build-web.js';
import { startTestServer, TEST_ADMIN, type TestServer } from './support/test-server.js';
import { addStep as addStepOnCanvas } from './support/canvas.js';
import { installAxe, seriousViolations } from './support/axe.js';
import { SHARED_DIR, SHARED_MISSING, sharedPath } from '../support/shared.js';
import { setAttachmentStore } from '../../server/media/attachment-storage.js';
import { FileMediaStore } from '../../server/channels/common/media-store.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const screenshotDir = path.join(repoRoot, 'test-results', 'e2e', 'officer-journey');
const missing = chromiumMissingReason();
if (missing) console.warn(missing);

const STEP_TIMEOUT = 15_000;
/** A 1×1 PNG. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082', 'hex');
const MHERO_EXPORT = 'fhir/samples/rapidpro-flows/mhero-covid-summary_case_report_test.json';

describe.skipIf(missing !== null)(missing ?? 'a program officer’s first flow, end to end', () => {
  let server: TestServer;
  let browser: LaunchedBrowser;
  let page: Page;
  const pageErrors: string[] = [];
  let mediaDir: string | null = null;

  async function screenshot(name: string): Promise<void> {
    await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: false });
  }

  const panel = () => page.locator('aside.step-editor');
  const cards = () => page.locator('.step-card');
  const liveIssues = () => page.locator('section.live-issues');
  const saveState = () => page.locator('.save-state');

  const addStep = (title: string) => addStepOnCanvas(page, title);

  /** The flow's latest saved definition, read from the API as the page's session. */
  async function savedDefinition(): Promise<Record<string, unknown>> {
    const flowId = decodeURIComponent(page.url().split('#/flows/')[1] ?? '');
    return (await page.evaluate(`(async () => {
      const got = await fetch('/trpc/flows.get?input=' + encodeURIComponent(JSON.stringify({ id: ${JSON.stringify(flowId)} }))).then((r) => r.json());
      return got.result.data.definition;
    })()`)) as Record<string, unknown>;
  }

  async function waitSaved(): Promise<void> {
    await expect.poll(() => saveState().first().textContent(), { timeout: 10_000 }).toBe('Saved');
  }

  /** Runs the simulator from the start, answering `replies` one by one, until the flow ends. */
  async function simulate(expectFirst: string, replies: { text: string; then: string }[]): Promise<Locator> {
    const simulator = page.locator('aside.simulator');
    await simulator.getByRole('button', { name: 'Start' }).click();
    const chat = simulator.getByRole('list', { name: 'Conversation' });
    await chat.getByText(expectFirst, { exact: false }).first().waitFor();
    for (const reply of replies) {
      await expect.poll(() => simulator.getByLabel('Your reply').isEnabled()).toBe(true);
      await simulator.getByLabel('Your reply').fill(reply.text);
      await simulator.getByRole('button', { name: 'Send', exact: true }).click();
      await chat.getByText(reply.then, { exact: false }).first().waitFor();
    }
    await simulator.getByText('The flow has ended').waitFor();
    return simulator;
  }

  beforeAll(async () => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    // Uploads go to a temporary folder, not the checkout's data/media.
    mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiunga-e2e-media-'));
    setAttachmentStore(new FileMediaStore(mediaDir));
    const webRoot = await buildWebOnce();
    server = await startTestServer(webRoot);
    browser = await launchChromium({ locale: 'en-US' });
    await installAxe(browser.context);
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(STEP_TIMEOUT);
    page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
    // Restoring a revision asks for confirmation: the officer says yes.
    page.on('dialog', (dialog) => void dialog.accept());
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await removeBuiltWeb();
    setAttachmentStore(null);
    if (mediaDir) fs.rmSync(mediaDir, { recursive: true, force: true });
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      const name = `failed-${task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`;
      await page?.screenshot({ path: path.join(screenshotDir, `${name}.png`) }).catch(() => undefined);
      if (server?.log.length) console.error(`server log:\n${server.log.slice(-40).join('\n')}`);
      if (pageErrors.length) console.error(`page errors:\n${pageErrors.join('\n')}`);
    });
  });

  it('signs in and creates a flow', async () => {
    await page.goto(server.url);
    await page.getByLabel('Email address').fill(TEST_ADMIN.email);
    await page.getByLabel('Password').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Flows' }).waitFor();
    await screenshot('01-signed-in');
    await page.getByRole('button', { name: 'New flow' }).click();
    const dialog = page.getByRole('dialog', { name: 'New flow' });
    await dialog.getByLabel('Name', { exact: true }).fill('Weekly stock check');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { level: 1, name: 'Weekly stock check' }).waitFor();
  });

  it('draws four steps: send, ask, split on a number range, save the result', async () => {
    await addStep('Send a message'); // left empty: the problems panel will say so
    await addStep('Ask a question');
    await panel().getByLabel('Message', { exact: true }).fill('How many boxes of gloves are left?');
    await panel().getByLabel('Save the answer as (result name)').fill('Boxes left');

    await addStep('Split by an expression');
    // What to split on, written in the code editor (Monaco, loaded on first use) with its suggestions.
    const codeToggle = panel().getByRole('button', { name: 'Code editor for Split on' });
    await codeToggle.click();
    try {
      const code = panel().locator('[data-testid="expression-editor"] .monaco-editor');
      await code.waitFor();
      await code.click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('@results.bo');
      const suggestion = page.locator('.suggest-widget .monaco-list-row', { hasText: '@results.boxes_left' }).first();
      await suggestion.waitFor();
      await page.keyboard.press('Enter');
      await page.locator('.step-card', { hasText: 'Split by result “boxes_left”' }).waitFor();
      // Enter chose the suggestion and adds no line to a one-line field.
      await page.keyboard.press('Enter');
      expect(await code.locator('.view-line').count()).toBe(1);
      await screenshot('02-code-editor');
      // The switch is per field: the question's message is still a plain box...
      await page.locator('.step-card', { hasText: 'How many boxes of gloves are left?' }).click();
      const messageToggle = panel().getByRole('button', { name: 'Code editor for Message' });
      expect(await messageToggle.getAttribute('aria-pressed')).toBe('false');
      expect(await panel().locator('[data-testid="expression-editor"]').count()).toBe(0);
      // ...and remembered for its kind of field: back on the split, its expression is still code.
      await page.locator('.step-card', { hasText: 'Split by result “boxes_left”' }).click();
      expect(await codeToggle.getAttribute('aria-pressed')).toBe('true');
      await panel().locator('[data-testid="expression-editor"] .monaco-editor').waitFor();
    } finally {
      // Back to a plain field for the rest of the journey.
      if ((await codeToggle.getAttribute('aria-pressed')) === 'true') await codeToggle.click();
    }
    expect(await panel().getByLabel('Split on').inputValue()).toBe('@results.boxes_left');
    await panel().getByLabel('New rule: the answer').selectOption({ label: 'is a number between' });
    await panel().getByRole('button', { name: 'Add the rule' }).click();
    await panel().getByLabel('Lowest number of rule 1').fill('0');
    await panel().getByLabel('Highest number of rule 1').fill('10');
    expect(await panel().getByLabel('Category', { exact: true }).inputValue()).toBe('0 - 10');

    await addStep('Save a result');
    await panel().getByLabel('Result name').fill('Low stock');
    await panel().getByLabel('Value to save').fill('@results.boxes_left');

    expect(await cards().count()).toBe(4);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);
    await page.getByRole('button', { name: 'Show the whole flow' }).click();
    await screenshot('03-four-steps');
  });

  it('sees the empty message in the problems panel and fixes it from there', async () => {
    const summary = () => liveIssues().textContent();
    await expect.poll(summary).toContain('1 to correct');
    await screenshot('04-problem-listed');
    await liveIssues().locator('.issue.error').getByRole('button', { name: 'Show the step' }).click();
    const message = panel().getByLabel('Message', { exact: true });
    await message.fill('Hello, this is the weekly stock check.');
    await expect.poll(summary).toContain('0 to correct');
    await screenshot('05-problem-fixed');
    await waitSaved();
  });

  it('attaches a picture to the first message; a file of another type is refused with the reason', async () => {
    await page.locator('.step-card', { hasText: 'weekly stock check' }).click();
    const attachments = panel().locator('fieldset.attachments-editor');
    const input = attachments.locator('input[type="file"]');
    await input.setInputFiles({ name: 'stock-poster.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1') });
    await expect
      .poll(() => attachments.getByRole('alert').textContent())
      .toContain('stock-poster.gif was not attached: files of type image/gif are not accepted.');
    await input.setInputFiles({ name: 'stock-poster.png', mimeType: 'image/png', buffer: PNG });
    await attachments.locator('.attachment-list li', { hasText: /[0-9a-f]{64}\.png/ }).waitFor();
    expect(await attachments.locator('.attachment-list .badge').textContent()).toBe('Image');
    expect(await attachments.getByRole('alert').count()).toBe(0);
    await screenshot('06-attachment');
    expect(await seriousViolations(page)).toEqual([]);
    await waitSaved();
  });

  it('runs the flow in the simulator to the end', async () => {
    await page.getByRole('button', { name: 'Test in the simulator' }).click();
    const simulator = await simulate('Hello, this is the weekly stock check.', [{ text: '4', then: '4' }]);
    // The picture attached to the first message is in the chat, opening the uploaded file. (This test server
    // mounts no media route, so the thumbnail falls back to a link of the same name.)
    const picture = simulator.getByRole('group', { name: '1 attachment' }).getByRole('link', { name: /^Picture [0-9a-f]{64}\.png$/ });
    await picture.waitFor();
    expect(await picture.getAttribute('href')).toMatch(/\/webhooks\/channels\/media\/[0-9a-f]{64}\.png$/);
    const results = (await simulator.locator('.sim-section table').textContent()) ?? '';
    expect(results).toContain('Low stock');
    expect(results).toContain('4');
    await screenshot('07-simulated');
    await page.getByRole('button', { name: 'Hide the simulator' }).click();
  });

  it('leaves a sticky note for colleagues and downloads the canvas as a picture', async () => {
    await page.getByRole('button', { name: 'Add a note' }).click();
    const note = page.locator('.sticky-note');
    await note.waitFor();
    await note.getByLabel('Title of the note').fill('For the district team');
    await note.getByLabel('Text of the note').fill('Gloves are counted in boxes of 100.');
    await waitSaved();
    // Stored where RapidPro exports keep notes.
    const stickies = async () => Object.values(((await savedDefinition())._ui as { stickies?: Record<string, unknown> }).stickies ?? {});
    await expect.poll(stickies).toEqual([expect.objectContaining({ title: 'For the district team', body: 'Gloves are counted in boxes of 100.', color: 'yellow' })]);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download as picture' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('weekly-stock-check.png');
    const bytes = fs.readFileSync((await file.path())!);
    expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(bytes.length).toBeGreaterThan(5_000);
    await screenshot('08-sticky-note');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('publishes the flow (warnings do not block it)', async () => {
    await page.getByRole('button', { name: 'Publish' }).click();
    const notice = page.locator('.flow-messages .alert.success');
    await expect.poll(() => notice.textContent()).toMatch(/Revision \d+ is published/);
    await page.locator('.flow-title .badge', { hasText: 'Published' }).waitFor();
    await screenshot('09-published');
  });

  it('previews the published revision in the history and restores it over a later draft', async () => {
    // A later change, saved as a draft.
    await page.locator('.step-card', { hasText: 'How many boxes' }).click();
    await panel().getByLabel('Message', { exact: true }).fill('How many boxes of gloves do you have?');
    await waitSaved();
    await page.locator('.flow-title .badge', { hasText: 'Published, with unpublished changes' }).waitFor();

    await page.getByRole('button', { name: 'History' }).click();
    const history = page.locator('aside.revisions-panel');
    const rows = history.getByRole('list', { name: 'Revisions, newest first' }).locator('li');
    await expect.poll(() => rows.first().textContent()).toContain('Draft');
    const live = rows.filter({ hasText: 'In use' });
    expect(await live.count()).toBe(1);
    expect(await live.textContent()).toContain('Published');
    const publishedNumber = Number(/Revision (\d+)/.exec((await live.textContent()) ?? '')?.[1]);
    expect(publishedNumber).toBeGreaterThan(0);

    await live.getByRole('button', { name: 'Preview' }).click();
    const bar = page.locator('.revision-preview-bar');
    await expect.poll(() => bar.textContent()).toContain(`Revision ${publishedNumber} (Published), read only.`);
    await page.locator('.revision-preview .step-card', { hasText: 'How many boxes of gloves are left?' }).waitFor();
    expect(await page.locator('aside.step-editor').count()).toBe(0);
    await screenshot('10-history-preview');
    expect(await seriousViolations(page)).toEqual([]);

    await bar.getByRole('button', { name: 'Restore this revision' }).click();
    await expect.poll(() => page.locator('.flow-messages .alert.success').textContent()).toContain(`Revision ${publishedNumber} was restored as a new draft`);
    await page.locator('.step-card', { hasText: 'How many boxes of gloves are left?' }).waitFor();
    expect(await page.locator('.step-card', { hasText: 'do you have?' }).count()).toBe(0);
    await expect.poll(() => rows.first().textContent()).toContain(`restored from revision ${publishedNumber}`);
    await screenshot('11-restored');
    await page.getByRole('button', { name: 'Close the history' }).click();
  });

  it('translates a message into French, beside the English text', async () => {
    await page.getByRole('tab', { name: 'Translate' }).click();
    await page.getByText('This flow has only its base language.').waitFor();
    await page.getByLabel('Add a language').selectOption({ label: 'French' });
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const progress = page.locator('.translate-percent[data-language="fra"]');
    await expect.poll(() => progress.textContent()).toMatch(/^0 % translated \(0 of \d+\)$/);
    const row = page.locator('.translate-table tr', { hasText: 'How many boxes of gloves are left?' });
    expect(await row.locator('.translate-base').textContent()).toBe('How many boxes of gloves are left?');
    await page.getByLabel('French translation of “How many boxes of gloves are left?”').fill('Combien de boîtes de gants reste-t-il ?');
    await expect.poll(() => progress.textContent()).toMatch(/^\d+ % translated \(1 of \d+\)$/);
    await waitSaved();
    // Saved in the flow's localization, as RapidPro stores translations.
    await expect
      .poll(async () => JSON.stringify((await savedDefinition()).localization))
      .toContain('"text":["Combien de boîtes de gants reste-t-il ?"]');
    await screenshot('12-translated');
    expect(await seriousViolations(page)).toEqual([]);

    // Still there after a reload.
    await page.reload();
    await page.getByRole('tab', { name: 'Translate' }).click();
    await expect
      .poll(() => page.getByLabel('French translation of “How many boxes of gloves are left?”').inputValue())
      .toBe('Combien de boîtes de gants reste-t-il ?');
    expect(pageErrors).toEqual([]);
  });

  it.skipIf(!SHARED_DIR)(SHARED_DIR ? 'imports an mHero RapidPro export and simulates it' : SHARED_MISSING, async () => {
    await page.getByRole('link', { name: '← All flows' }).click();
    await page.getByRole('heading', { level: 1, name: 'Flows' }).waitFor();
    await page.locator('.import-panel input[type="file"]').setInputFiles(sharedPath(MHERO_EXPORT));
    const done = page.locator('.import-panel .alert.success');
    await expect.poll(() => done.textContent()).toContain('1 flow imported');
    await screenshot('13-imported');
    await done.getByRole('link', { name: 'Summary Case Report Test' }).click();
    await page.getByRole('heading', { level: 1, name: 'Summary Case Report Test' }).waitFor();
    await expect.poll(() => cards().count()).toBe(7);

    await page.getByRole('button', { name: 'Test in the simulator' }).click();
    const simulator = await simulate('This is the Summary Case Report Form.', [
      { text: 'KE-0042', then: 'Please provide the age of the patient in YEARS.' },
      { text: '34', then: 'What is the date of first laboratory confirmation test?' },
      { text: '01/05/2021', then: 'You provided Identifier (KE-0042), Age (34)' },
    ]);
    expect(await simulator.locator('.sim-section table').textContent()).toContain('KE-0042');
    await screenshot('14-imported-simulated');
    expect(pageErrors).toEqual([]);
  });
});
