/**
 * End-to-end: the built web app against a real Kiunga server, in headless Chromium. One journey, in order:
 * sign in, switch to French, import a RapidPro export (file picker and drag and drop), open the flow on the
 * canvas, run it in the simulator to the end, publish, export, contacts. Screenshots go to test-results/e2e/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumMissingReason, launchChromium, type LaunchedBrowser } from './support/chromium.js';
import { buildWebOnce, removeBuiltWeb } from './support/build-web.js';
import { startTestServer, TEST_ADMIN, type TestServer } from './support/test-server.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const screenshotDir = path.join(repoRoot, 'test-results', 'e2e');
const fixturePath = path.join(repoRoot, 'test', 'fixtures', 'rapidpro-fever-check.json');
const missing = chromiumMissingReason();
if (missing) console.warn(missing);

/** Waits long enough for a real server + engine, short enough to keep the suite under two minutes. */
const STEP_TIMEOUT = 15_000;

describe.skipIf(missing !== null)(missing ?? 'web app end to end', () => {
  let server: TestServer;
  let browser: LaunchedBrowser;
  let page: Page;
  const pageErrors: string[] = [];

  async function screenshot(name: string): Promise<void> {
    await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: false });
  }

  beforeAll(async () => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    const webRoot = await buildWebOnce();
    server = await startTestServer(webRoot);
    // The fixture's flow is translated to French: let the workspace speak English and French.
    await server.server.db.updateTable('workspaces').set({ languages: JSON.stringify(['eng', 'fra']) }).execute();
    browser = await launchChromium({ locale: 'en-US' });
    // The JSON test pastes into Monaco (typing would trigger its auto-closing of brackets).
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(STEP_TIMEOUT);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await removeBuiltWeb();
  });

  // A failing step leaves a picture of the page and the server's log lines behind.
  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      const name = `failed-${task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`;
      await page?.screenshot({ path: path.join(screenshotDir, `${name}.png`) }).catch(() => undefined);
      if (server?.log.length) console.error(`server log:\n${server.log.join('\n')}`);
    });
  });

  it('opens in French for a browser that prefers French', async () => {
    const french = await launchChromium({ locale: 'fr-FR' });
    try {
      const frenchPage = french.context.pages()[0] ?? (await french.context.newPage());
      await frenchPage.goto(server.url);
      await frenchPage.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor({ timeout: STEP_TIMEOUT });
      expect(await frenchPage.getByLabel('Adresse e-mail').count()).toBe(1);
      expect(await frenchPage.getByLabel('Langue', { exact: true }).inputValue()).toBe('fr');
    } finally {
      await french.close();
    }
  });

  it('tells the user to wait after too many failed sign-ins', async () => {
    await page.goto(server.url);
    // Another account than the admin's: the limit is per account (and address), the admin can still sign in.
    await page.getByLabel('Email address').fill('someone.else@moh.example.org');
    const alert = page.getByRole('alert');
    for (let attempt = 1; attempt <= 6; attempt++) {
      await page.getByLabel('Password').fill(`wrong-${attempt}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => alert.textContent()).toMatch(/not correct|Too many/);
      if ((await alert.textContent())?.includes('Too many')) break;
      await page.getByRole('button', { name: 'Sign in' }).isEnabled();
    }
    expect(await alert.textContent()).toMatch(/Too many sign-in attempts\. For your security, wait \d+ minutes? before trying again\./);
    await screenshot('00-login-rate-limited');
  });

  it('refuses a wrong password with a clear message, then signs in', async () => {
    await page.reload();
    await page.getByLabel('Email address').fill(TEST_ADMIN.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('The email address or the password is not correct.');
    await screenshot('01-login-error');

    await page.getByLabel('Password').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Flows' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual([
      'Flows', 'Templates', 'Broadcasts', 'Inbox', 'Courses', 'Contacts', 'Classifiers', 'Channels', 'FHIR', 'Settings',
    ]);
    await screenshot('02-flows-empty');
  });

  it('switches to French, and keeps French after a reload', async () => {
    await page.getByLabel('Language', { exact: true }).selectOption('fr');
    await page.getByRole('heading', { level: 1, name: 'Flux' }).waitFor();
    await page.getByRole('button', { name: 'Nouveau flux' }).waitFor();
    expect(await page.getByRole('button', { name: 'Se déconnecter' }).isVisible()).toBe(true);
    expect(await page.evaluate('document.documentElement.lang')).toBe('fr');
    await screenshot('03-flows-french');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Flux' }).waitFor();
    await page.getByLabel('Langue', { exact: true }).selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Flows' }).waitFor();
  });

  it('explains why a file that is not JSON cannot be imported', async () => {
    await page.getByLabel('Choose a file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{ "flows": [ oops') });
    const alert = page.locator('.import-panel [role="alert"]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('notes.json could not be imported.');
    expect(await alert.textContent()).toContain('not valid JSON');
  });

  it('lists the problems of a broken flow file dropped on the import zone', async () => {
    const broken = {
      version: '13',
      flows: [{
        uuid: '5a1c1f0e-8b65-4f8e-9d55-0c4f3c1d2b7a', name: 'Broken', spec_version: '13.1.0', language: 'eng', type: 'messaging',
        localization: {},
        nodes: [{ uuid: 'f3d6c0a4-2d3b-4a57-9c1e-7d8f9a0b1c2d', actions: [], exits: [{ uuid: '0b7e5f1a-3c2d-4e6f-8a9b-1c2d3e4f5a6b', destination_uuid: '11111111-2222-4333-8444-555555555555' }] }],
      }],
    };
    await dropFile(page, 'broken.json', JSON.stringify(broken));
    const alert = page.locator('.import-panel [role="alert"]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('broken.json could not be imported.');
    const issues = page.locator('.import-panel .issue');
    await issues.first().waitFor();
    expect(await issues.count()).toBeGreaterThan(0);
    expect((await issues.allTextContents()).join(' ')).toMatch(/Error/);
    await screenshot('04-import-issues');
  });

  it('imports a RapidPro export by drag and drop', async () => {
    await dropFile(page, 'rapidpro-fever-check.json', fs.readFileSync(fixturePath, 'utf8'));
    const done = page.locator('.import-panel .alert.success');
    await done.waitFor();
    expect(await done.textContent()).toContain('1 flow imported from rapidpro-fever-check.json');
    await page.getByRole('link', { name: 'Fever check', exact: true }).first().waitFor();
    await screenshot('05-imported');
  });

  it('shows the flow on the canvas in plain words', async () => {
    await page.locator('table').getByRole('link', { name: 'Fever check', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Fever check' }).waitFor();
    const cards = page.locator('.step-card');
    await cards.first().waitFor();
    expect(await cards.count()).toBe(4);
    const canvasText = (await page.locator('.canvas').textContent()) ?? '';
    expect(canvasText).toContain('Send a message');
    expect(canvasText).toContain('Wait for the reply');
    expect(canvasText).toContain('Hello! What is your name?');
    for (const exit of ['All Responses', 'Yes', 'No', 'Other', 'No Response']) {
      expect(await page.locator('.exit-label', { hasText: new RegExp(`^${exit}$`) }).count()).toBeGreaterThan(0);
    }
    // Every exit that leads somewhere has its arrow: 1 + 4.
    expect(await page.locator('.react-flow__edge').count()).toBe(5);
    expect(await page.locator('.react-flow__minimap').count()).toBe(1);
    // Zoom controls speak plain, translated words.
    await page.getByRole('button', { name: 'Show the whole flow' }).click();
    await page.getByRole('button', { name: 'Zoom in' }).waitFor();
    await screenshot('06-canvas');
  });

  it('runs the flow in the simulator to the end with typed replies', async () => {
    await page.getByRole('button', { name: 'Test in the simulator' }).click();
    const simulator = page.locator('aside.simulator');
    await simulator.getByRole('button', { name: 'Start' }).click();
    const chat = simulator.getByRole('list', { name: 'Conversation' });
    await chat.getByText('Hello! What is your name?').waitFor();
    // The contact is at the first node, which waits for the reply.
    await page.locator('.step-card.current').waitFor();

    await simulator.getByLabel('Your reply').fill('Amina');
    await simulator.getByRole('button', { name: 'Send', exact: true }).click();
    await chat.getByText('Thank you Amina. Do you have a fever?').waitFor();
    const quickReplies = simulator.getByRole('group', { name: 'Quick replies' });
    expect(await quickReplies.getByRole('button').allTextContents()).toEqual(['Yes', 'No']);

    await simulator.getByLabel('Your reply').fill('yes');
    await simulator.getByRole('button', { name: 'Send', exact: true }).click();
    await chat.getByText('Please visit the health centre today.').waitFor();
    await simulator.getByText('The flow has ended').waitFor();

    const results = simulator.locator('.sim-section table');
    const resultsText = (await results.textContent()) ?? '';
    expect(resultsText).toContain('Amina');
    expect(resultsText).toContain('Yes');
    // The path taken is highlighted: 3 cards visited, 2 arrows taken, nobody waiting any more.
    expect(await page.locator('.step-card.visited').count()).toBe(3);
    expect(await page.locator('.react-flow__edge.edge-taken').count()).toBe(2);
    expect(await page.locator('.step-card.current').count()).toBe(0);
    await simulator.getByText('Contact', { exact: true }).click();
    const facts = simulator.locator('dl.facts');
    await facts.waitFor();
    expect(await facts.textContent()).toContain('Test contact');
    await screenshot('07-simulator-done');
  });

  it('restarts in French and simulates no reply', async () => {
    const simulator = page.locator('aside.simulator');
    await simulator.getByLabel('Contact language').selectOption('fra');
    await simulator.getByRole('button', { name: 'Restart' }).click();
    const chat = simulator.getByRole('list', { name: 'Conversation' });
    await chat.getByText('Bonjour ! Quel est votre nom ?').waitFor();
    await simulator.getByLabel('Your reply').fill('Jean');
    await simulator.getByRole('button', { name: 'Send', exact: true }).click();
    await chat.getByText('Merci Jean. Avez-vous de la fièvre ?').waitFor();
    await simulator.getByRole('button', { name: 'Simulate no reply' }).click();
    await chat.getByText('Merci, prenez soin de vous.').waitFor();
    await simulator.getByText('The flow has ended').waitFor();
    await screenshot('08-simulator-french-timeout');
  });

  it('opens the whole definition in the JSON editor', async () => {
    await page.getByRole('tab', { name: 'JSON' }).click();
    await page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
    // Monaco draws spaces as no-break spaces.
    await expect.poll(async () => ((await page.locator('.monaco-editor .view-lines').textContent()) ?? '').replace(/\u00a0/g, ' ')).toContain('"name": "Fever check"');
    expect(await page.getByRole('button', { name: 'Save draft' }).isDisabled()).toBe(true);
    await screenshot('09-json');
    await page.getByRole('tab', { name: 'Canvas' }).click();
  });

  it('publishes the flow', async () => {
    await page.getByRole('button', { name: 'Publish' }).click();
    const notice = page.locator('.flow-messages .alert.success');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/Revision \d+ is published/);
    await page.locator('.flow-title .badge', { hasText: 'Published' }).waitFor();
    expect(await page.getByRole('button', { name: 'Publish' }).isDisabled()).toBe(true);
    await screenshot('10-published');
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await notice.waitFor({ state: 'detached' });
  });

  it('exports the flow as a downloadable file and lists it as published', async () => {
    await page.getByRole('link', { name: '← All flows' }).click();
    const row = page.locator('tr', { has: page.getByRole('link', { name: 'Fever check', exact: true }) });
    await row.locator('.badge', { hasText: 'Published' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'Export Fever check' }).click()]);
    const file = JSON.parse(fs.readFileSync((await download.path())!, 'utf8')) as { flows: { name: string }[] };
    expect(file.flows.map((flow) => flow.name)).toEqual(['Fever check']);
  });

  it('saves an edited definition as a draft and shows the problems the server finds', async () => {
    await page.locator('table').getByRole('link', { name: 'Fever check', exact: true }).click();
    await page.getByRole('tab', { name: 'JSON' }).click();
    const editor = page.locator('.monaco-editor');
    await editor.waitFor({ timeout: 30_000 });

    // Not JSON: nothing is sent, the user is told why.
    await replaceEditorText(page, '{ "nodes": [ oops');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.locator('.flow-messages [role="alert"]').textContent()).toContain('not valid JSON, nothing was saved');

    // Valid JSON whose first exit leads nowhere: saved as a draft, with the problem listed.
    const broken = structuredClone(JSON.parse(fs.readFileSync(fixturePath, 'utf8')).flows[0]) as { name: string; nodes: { exits: { destination_uuid: string | null }[] }[] };
    broken.name = 'Fever check';
    broken.nodes[0].exits[0].destination_uuid = '99999999-9999-4999-8999-999999999999';
    await replaceEditorText(page, JSON.stringify(broken, null, 2));
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.locator('.flow-messages .alert.success').textContent()).toMatch(/Draft saved as revision \d+/);
    const issue = page.locator('.flow-messages .issue.error');
    await issue.first().waitFor();
    expect(await issue.first().textContent()).toContain('99999999-9999-4999-8999-999999999999');
    await page.locator('.flow-title .badge', { hasText: 'Published, with unpublished changes' }).waitFor();

    // Publishing refuses it, listing the same problem; "Show the step" goes to the node on the canvas.
    await page.getByRole('button', { name: 'Publish' }).click();
    await expect.poll(() => page.locator('.flow-messages [role="alert"]').textContent()).toContain('The flow cannot be published yet');
    await issue.first().waitFor();
    await screenshot('12-json-issues');
    await issue.first().getByRole('button', { name: 'Show the step' }).click();
    await page.locator('.step-card').first().waitFor();
    expect(await page.getByRole('tab', { name: 'Canvas' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('link', { name: '← All flows' }).click();
  });

  it('creates an empty flow from the dialog', async () => {
    await page.getByRole('button', { name: 'New flow' }).click();
    const dialog = page.getByRole('dialog', { name: 'New flow' });
    await dialog.getByRole('button', { name: 'Create' }).click();
    expect(await dialog.getByRole('alert').textContent()).toBe('Give the flow a name.');
    await dialog.getByLabel('Name', { exact: true }).fill('Malaria reminder');
    await dialog.getByLabel('Base language').selectOption('fra');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { level: 1, name: 'Malaria reminder' }).waitFor();
    await page.getByText('This flow has no steps yet.').waitFor();
    await page.getByRole('link', { name: '← All flows' }).click();
    await page.locator('table').getByRole('link', { name: 'Malaria reminder' }).waitFor();
  });

  it('searches, duplicates and archives flows', async () => {
    await page.getByLabel('Search flows').fill('zzz-nothing');
    await page.getByText('No flow matches “zzz-nothing”.').waitFor();
    await page.getByLabel('Search flows').fill('fever');
    await page.locator('table').getByRole('link', { name: 'Fever check', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Duplicate Fever check' }).click();
    await page.getByText('A copy of “Fever check” was created.').waitFor();
    const copy = page.locator('table').getByRole('link', { name: 'Copy of Fever check' });
    await copy.waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Archive Copy of Fever check' }).click();
    await page.getByText('“Copy of Fever check” was archived.').waitFor();
    await copy.waitFor({ state: 'detached' });
    await page.getByLabel('Search flows').fill('');
  });

  it('lists and searches contacts, without the simulator test contacts', async () => {
    const status = await page.evaluate(
      `fetch('/trpc/contacts.create', { method: 'POST', headers: { 'content-type': 'application/json', 'x-kiunga-csrf': '1' },
        body: JSON.stringify({ name: 'Amina Wanjiru', urns: ['tel:+254712345678'], language: 'swa' }) }).then((response) => response.status)`,
    );
    expect(status).toBe(200);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
    await page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
    const table = page.locator('table');
    await table.getByText('Amina Wanjiru').waitFor();
    expect(await table.textContent()).toContain('+254712345678');
    expect(await table.textContent()).not.toContain('Test contact');
    await page.getByLabel('Search contacts').fill('2547123');
    await table.getByText('Amina Wanjiru').waitFor();
    await page.getByLabel('Search contacts').fill('nobody-here');
    await page.getByText('No contact matches “nobody-here”.').waitFor();
    await page.getByLabel('Search contacts').fill('');
    await table.getByText('Amina Wanjiru').waitFor();
    await screenshot('11-contacts');
  });

  it('goes back to the sign-in page when the session ends', async () => {
    // The cookie disappears (expired on the server, or cleared): the next call answers UNAUTHORIZED.
    await browser.context.clearCookies();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();

    await page.getByLabel('Email address').fill(TEST_ADMIN.email);
    await page.getByLabel('Password').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Flows' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});

/** Replaces the whole text of the Monaco editor by pasting, as a user would. */
async function replaceEditorText(page: Page, text: string): Promise<void> {
  await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(text)})`);
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
}

/** Drops a file on the import zone the way a browser does (a drop event carrying a DataTransfer). */
async function dropFile(page: Page, name: string, text: string): Promise<void> {
  const zone = page.getByTestId('import-drop-zone');
  const dataTransfer = await page.evaluateHandle(
    ([fileName, content]) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([content], fileName, { type: 'application/json' }));
      return transfer;
    },
    [name, text] as const,
  );
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}
