/**
 * End-to-end: a program officer draws a flow on the editable canvas, in headless Chromium against a real
 * Kiunga server. In order: sign in, create a flow, add four steps with the forms (send, ask, split on a
 * number range, save the result), see problems in the live panel and fix them (a missing message, an exit
 * leading nowhere, fixed by dragging it to a step), undo / redo, copy / paste, run the flow in the simulator
 * to the end, publish. Screenshots go to test-results/e2e/editor-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { chromiumMissingReason, launchChromium, type LaunchedBrowser } from './support/chromium.js';
import { buildWebOnce, removeBuiltWeb } from './support/build-web.js';
import { startTestServer, TEST_ADMIN, type TestServer } from './support/test-server.js';
import { addStep as addStepOnCanvas } from './support/canvas.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const screenshotDir = path.join(repoRoot, 'test-results', 'e2e');
const missing = chromiumMissingReason();
if (missing) console.warn(missing);

const STEP_TIMEOUT = 15_000;

describe.skipIf(missing !== null)(missing ?? 'flow editor end to end', () => {
  let server: TestServer;
  let browser: LaunchedBrowser;
  let page: Page;
  const pageErrors: string[] = [];

  async function screenshot(name: string): Promise<void> {
    await page.screenshot({ path: path.join(screenshotDir, `editor-${name}.png`), fullPage: false });
  }

  const panel = () => page.locator('aside.step-editor');
  const cards = () => page.locator('.step-card');
  const liveIssues = () => page.locator('section.live-issues');

  const addStep = (title: string) => addStepOnCanvas(page, title);

  /** The card of the step whose text contains `text`. */
  function card(text: string): Locator {
    return cards().filter({ hasText: text });
  }

  /** The centre of `locator` once the canvas has stopped moving (fit-view animates; a drag must start on the final spot). */
  async function settledCentre(locator: Locator): Promise<{ x: number; y: number }> {
    let last = await centre(locator);
    for (let i = 0; i < 50; i++) {
      await page.waitForTimeout(100);
      const now = await centre(locator);
      if (Math.abs(now.x - last.x) < 0.5 && Math.abs(now.y - last.y) < 0.5) return now;
      last = now;
    }
    throw new Error('the canvas kept moving for 5 s');
  }

  async function centre(locator: Locator): Promise<{ x: number; y: number }> {
    const box = await locator.boundingBox();
    if (!box) throw new Error('element not visible');
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }

  beforeAll(async () => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    const webRoot = await buildWebOnce();
    server = await startTestServer(webRoot);
    browser = await launchChromium({ locale: 'en-US' });
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(STEP_TIMEOUT);
    page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await removeBuiltWeb();
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      const name = `failed-editor-${task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`;
      await page?.screenshot({ path: path.join(screenshotDir, `${name}.png`) }).catch(() => undefined);
      if (server?.log.length) console.error(`server log:\n${server.log.join('\n')}`);
      if (pageErrors.length) console.error(`page errors:\n${pageErrors.join('\n')}`);
    });
  });

  it('signs in and creates an empty flow', async () => {
    await page.goto(server.url);
    await page.getByLabel('Email address').fill(TEST_ADMIN.email);
    await page.getByLabel('Password').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Flows' }).waitFor();
    await page.getByRole('button', { name: 'New flow' }).click();
    const dialog = page.getByRole('dialog', { name: 'New flow' });
    await dialog.getByLabel('Name', { exact: true }).fill('Vaccination check');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vaccination check' }).waitFor();
    await page.getByText('This flow has no steps yet. Press “Add a step”').waitFor();
  });

  it('adds a message, a question, a number split and a saved result with the forms', async () => {
    // 1. Send a message: left empty for now (the live panel will say so).
    await addStep('Send a message');
    expect(await cards().count()).toBe(1);
    await liveIssues().getByText('A field of this step is missing or wrong.').waitFor();
    await screenshot('01-first-step');

    // 2. Ask a question, connected below the selected message.
    await addStep('Ask a question');
    const question = panel().getByLabel('Message', { exact: true });
    await question.fill('How many children did you vaccinate this week?');
    expect(await panel().locator('.sms-counter').textContent()).toContain('46 characters · 1 SMS');
    await panel().getByLabel('Save the answer as (result name)').fill('Children vaccinated');

    // 3. Split by an expression, on that result (typed with the completion list), with a number range rule.
    await addStep('Split by an expression');
    const operand = panel().getByLabel('Split on');
    await operand.fill('');
    await operand.pressSequentially('@results.chi');
    const suggestions = page.getByRole('listbox', { name: 'Suggestions' });
    await suggestions.getByRole('option', { name: '@results.children_vaccinated', exact: true }).waitFor();
    await operand.press('Enter');
    expect(await operand.inputValue()).toBe('@results.children_vaccinated');
    await panel().getByLabel('New rule: the answer').selectOption({ label: 'is a number between' });
    await panel().getByRole('button', { name: 'Add the rule' }).click();
    await panel().getByLabel('Lowest number of rule 1').fill('1');
    await panel().getByLabel('Highest number of rule 1').fill('50');
    expect(await panel().getByLabel('Category', { exact: true }).inputValue()).toBe('1 - 50');
    await panel().getByText('Anything else goes to “Other”.').waitFor();

    // 4. Save a result, connected from the split's first free exit (“1 - 50”).
    await addStep('Save a result');
    await panel().getByLabel('Result name').fill('Vaccinated count');
    await panel().getByLabel('Value to save').fill('@results.children_vaccinated');

    expect(await cards().count()).toBe(4);
    // send → ask → split → save: three arrows.
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);
    await card('Split by').locator('.exit-label', { hasText: /^1 - 50$/ }).waitFor();
    await page.getByRole('button', { name: 'Show the whole flow' }).click();
    await screenshot('02-four-steps');
  });

  it('does not delete the step while typing Backspace or Delete in a field', async () => {
    const value = panel().getByLabel('Value to save');
    await value.press('End');
    await value.press('Backspace');
    await value.press('Delete');
    expect(await cards().count()).toBe(4);
    await value.fill('@results.children_vaccinated');
  });

  it('lists problems live, blocks publishing on errors, and jumps to the step to fix them', async () => {
    const panelText = () => liveIssues().textContent();
    await expect.poll(panelText).toContain('Problems: 1 to correct, 1 to check');
    expect(await panelText()).toContain('A way out of this step leads nowhere.');

    await page.getByRole('button', { name: 'Publish' }).click();
    await expect.poll(() => page.locator('.flow-messages [role="alert"]').textContent()).toContain('The flow cannot be published yet');
    await screenshot('03-publish-blocked');
    await page.locator('.flow-messages').getByRole('button', { name: 'Dismiss' }).click();

    // “Show the step” opens the message's form: write the message, with a completed @contact.name.
    const error = liveIssues().locator('.issue.error');
    await error.getByRole('button', { name: 'Show the step' }).click();
    const message = panel().getByLabel('Message', { exact: true });
    await message.waitFor();
    await message.fill('Hello ');
    await message.pressSequentially('@contact.na');
    await page.getByRole('option', { name: '@contact.name', exact: true }).click();
    await message.pressSequentially(', this is the weekly vaccination check.');
    expect(await message.inputValue()).toBe('Hello @contact.name, this is the weekly vaccination check.');
    await expect.poll(panelText).toContain('Problems: 0 to correct, 1 to check');

    // The “Other” exit of the split leads nowhere: drag it to the question, to ask again.
    await page.getByRole('button', { name: 'Show the whole flow' }).click();
    const otherHandle = card('Split by').locator('.step-exit', { hasText: /^Other$/ }).locator('.react-flow__handle');
    const from = await settledCentre(otherHandle);
    const to = await centre(card('How many children'));
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 8 });
    await page.mouse.move(to.x, to.y, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(4);
    await expect.poll(panelText).toContain('No problems found.');
    await screenshot('04-fixed');
  });

  it('undoes and redoes the last change with the keyboard', async () => {
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('ControlOrMeta+Z');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);
    await page.keyboard.press('ControlOrMeta+Shift+Z');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(4);
  });

  it('copies and pastes a step with new identifiers, and undoes the paste', async () => {
    await card('Save a result').click();
    await page.locator('.react-flow__pane').focus();
    await page.keyboard.press('ControlOrMeta+C');
    await page.keyboard.press('ControlOrMeta+V');
    await expect.poll(() => cards().count()).toBe(5);
    const uuids = await cards().evaluateAll((elements) => elements.map((element) => element.getAttribute('data-node-uuid')));
    expect(new Set(uuids).size).toBe(5);
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('ControlOrMeta+Z');
    await expect.poll(() => cards().count()).toBe(4);
  });

  it('drags an exit to empty canvas to add a connected step there, with the keyboard palette', async () => {
    await page.getByRole('button', { name: 'Show the whole flow' }).click();
    const handle = card('Save a result').locator('.react-flow__handle.handle-out');
    const from = await settledCentre(handle);
    const cardBox = (await card('Save a result').boundingBox())!;
    const drop = { x: cardBox.x + cardBox.width + 140, y: from.y + 20 };
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move((from.x + drop.x) / 2, from.y + 10, { steps: 6 });
    await page.mouse.move(drop.x, drop.y, { steps: 6 });
    await page.mouse.up();
    const palette = page.getByRole('dialog', { name: 'Add a step' });
    await palette.waitFor();
    // Typing filters, arrows choose, Enter adds.
    await palette.getByLabel('Type to find a step').fill('message');
    await screenshot('05-palette');
    await page.keyboard.press('Enter');
    await palette.waitFor({ state: 'detached' });
    await expect.poll(() => cards().count()).toBe(5);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(5);
    await panel().getByLabel('Message', { exact: true }).waitFor();

    // Undo takes the new step (and its arrow) away again.
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('ControlOrMeta+Z');
    await expect.poll(() => cards().count()).toBe(4);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(4);

    // The A key opens the palette too; Escape closes it.
    await page.keyboard.press('a');
    await palette.waitFor();
    await page.keyboard.press('Escape');
    await palette.waitFor({ state: 'detached' });
  });

  it('finds steps with Ctrl+F and tidies the layout', async () => {
    await page.keyboard.press('ControlOrMeta+F');
    await page.getByLabel('Find a step').fill('how many');
    await page.getByText('1 step found').waitFor();
    expect(await page.locator('.step-card.search-match').count()).toBe(1);
    await page.getByLabel('Find a step').press('Escape');
    await page.getByRole('button', { name: 'Tidy up' }).click();
    await expect.poll(() => page.locator('.save-state').textContent()).toMatch(/Saved|Saving…|Changes not saved yet…/);
    await expect.poll(() => page.locator('.save-state').textContent(), { timeout: 10_000 }).toBe('Saved');
    await screenshot('06-saved');
  });

  it('keeps the drawn flow after a reload (it was saved as a draft)', async () => {
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Vaccination check' }).waitFor();
    await expect.poll(() => cards().count()).toBe(4);
    // Arrows are drawn once the cards are measured.
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(4);
    await page.locator('.flow-title .badge', { hasText: 'Draft' }).waitFor();
  });

  it('runs the drawn flow in the simulator to the end', async () => {
    await page.getByRole('button', { name: 'Test in the simulator' }).click();
    const simulator = page.locator('aside.simulator');
    await simulator.getByRole('button', { name: 'Start' }).click();
    const chat = simulator.getByRole('list', { name: 'Conversation' });
    await chat.getByText('Hello Test contact, this is the weekly vaccination check.').waitFor();
    await chat.getByText('How many children did you vaccinate this week?').waitFor();

    // Not a number: “Other” asks again.
    await simulator.getByLabel('Your reply').fill('many');
    await simulator.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => chat.getByText('How many children did you vaccinate this week?').count()).toBe(2);

    await simulator.getByLabel('Your reply').fill('12');
    await simulator.getByRole('button', { name: 'Send', exact: true }).click();
    await simulator.getByText('The flow has ended').waitFor();
    const results = (await simulator.locator('.sim-section table').textContent()) ?? '';
    expect(results).toContain('Vaccinated count');
    expect(results).toContain('12');
    await screenshot('07-simulator');
    await page.getByRole('button', { name: 'Hide the simulator' }).click();
  });

  it('publishes the flow', async () => {
    await page.getByRole('button', { name: 'Publish' }).click();
    const notice = page.locator('.flow-messages .alert.success');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/Revision \d+ is published/);
    await page.locator('.flow-title .badge', { hasText: 'Published' }).waitFor();
    await screenshot('08-published');
  });

  it('speaks French: palette, forms and rules', async () => {
    await page.getByLabel('Language', { exact: true }).selectOption('fr');
    await page.getByRole('button', { name: 'Ajouter une étape' }).click();
    const palette = page.getByRole('dialog', { name: 'Ajouter une étape' });
    const titles = await palette.locator('.palette-title').allTextContents();
    expect(titles).toEqual(expect.arrayContaining(['Envoyer un message', 'Poser une question', 'Répartir selon la réponse', 'Enregistrer un résultat', 'Appeler un service web']));
    await screenshot('09-palette-french');
    await page.keyboard.press('Escape');
    await palette.waitFor({ state: 'detached' });
    await card('Répartir selon').click();
    await panel().getByText('Tout le reste va vers « Other ».').waitFor();
    expect(await panel().getByLabel('Plus petit nombre de la règle 1').inputValue()).toBe('1');
    await screenshot('10-form-french');
    await page.getByLabel('Langue', { exact: true }).selectOption('en');
  });

  it('reports a conflict when someone else saved the flow meanwhile, and reloads it', async () => {
    // Another editor saves a new draft behind this page's back.
    const flowId = decodeURIComponent(page.url().split('#/flows/')[1] ?? '');
    const status = await page.evaluate(`(async () => {
      const got = await fetch('/trpc/flows.get?input=' + encodeURIComponent(JSON.stringify({ id: ${JSON.stringify(flowId)} }))).then((r) => r.json());
      const definition = got.result.data.definition;
      definition.name = 'Vaccination check (edited elsewhere)';
      const saved = await fetch('/trpc/flows.saveDraft', { method: 'POST', headers: { 'content-type': 'application/json', 'x-kiunga-csrf': '1' },
        body: JSON.stringify({ id: ${JSON.stringify(flowId)}, definition }) });
      return saved.status;
    })()`);
    expect(status).toBe(200);

    // Start from nothing selected (the previous test left the split selected while switching language).
    await page.getByRole('button', { name: 'Add a step' }).waitFor();
    await page.locator('.react-flow__pane').click({ position: { x: 40, y: 40 } });
    await panel().waitFor({ state: 'detached' });
    await card('Split by').click();
    await panel().getByLabel('Category', { exact: true }).fill('Children');
    const alert = page.locator('.flow-messages [role="alert"]');
    await expect.poll(() => alert.textContent(), { timeout: 10_000 }).toContain('Your last changes were not saved.');
    expect(await alert.textContent()).toContain('saved by someone else');
    await screenshot('11-conflict');
    await alert.getByRole('button', { name: 'Reload the flow' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vaccination check (edited elsewhere)' }).waitFor();
    await expect.poll(() => cards().count()).toBe(4);
    expect(await page.locator('.exit-label', { hasText: /^Children$/ }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
