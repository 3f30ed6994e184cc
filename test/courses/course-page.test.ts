/**
 * End to end in headless Chromium against a real server: a trainer creates a course, writes a lesson and a
 * multiple-choice question in English and French without drawing nodes, sees the preview and the inspector's
 * verdict, publishes, enrols a group, sees the progress table and presses the reminder button.
 * Each step waits for an explicit state (a status text, a heading), never for time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { isoNow, newId } from '../../server/db/ids.js';
import { chromiumMissingReason, launchChromium, type LaunchedBrowser } from '../e2e/support/chromium.js';
import { buildWebOnce, removeBuiltWeb } from '../e2e/support/build-web.js';
import { startTestServer, type TestServer } from '../e2e/support/test-server.js';
import { keepEvidenceOnFailure, signIn } from '../e2e/support/session.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const screenshotDir = path.join(repoRoot, 'test-results', 'courses');
const missing = chromiumMissingReason();
if (missing) console.warn(missing);
const STEP_TIMEOUT = 20_000;

describe.skipIf(missing !== null)(missing ?? 'course page end to end', () => {
  let server: TestServer;
  let browser: LaunchedBrowser;
  let page: Page;

  beforeAll(async () => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    const webRoot = await buildWebOnce();
    server = await startTestServer(webRoot);
    // A group of one health worker to enrol.
    const db = server.server.db;
    const workspace = await db.selectFrom('workspaces').select('id').executeTakeFirstOrThrow();
    const now = isoNow();
    const groupId = newId();
    const contactId = newId();
    await db.insertInto('groups').values({ id: groupId, workspace_id: workspace.id, uuid: newId(), name: 'Kilifi nurses', query: null, created_at: now, updated_at: now }).execute();
    await db.insertInto('contacts').values({ id: contactId, workspace_id: workspace.id, uuid: newId(), name: 'Amina Njeri', language: 'fra', timezone: null, status: 'active', fields: '{}', last_seen_at: null, fhir_ref: null, created_at: now, updated_at: now }).execute();
    await db.insertInto('group_members').values({ group_id: groupId, contact_id: contactId, created_at: now }).execute();
    browser = await launchChromium({ locale: 'en-US' });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(STEP_TIMEOUT);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await removeBuiltWeb();
  });

  keepEvidenceOnFailure(() => page, () => server, screenshotDir);

  it('writes, previews, publishes a course, enrols a group and shows progress', async () => {
    await signIn(page, server.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Courses' }).click();
    await page.getByRole('heading', { level: 1, name: 'Refresher courses' }).waitFor();
    await page.getByText('No courses yet.').waitFor();

    await page.getByLabel('New course title').fill('Hand hygiene');
    await page.getByRole('button', { name: 'Create course' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hand hygiene' }).waitFor();
    await page.getByTestId('course-state').filter({ hasText: 'Not published yet' }).waitFor();

    // One lesson, one multiple-choice question, in English and French.
    await page.getByRole('button', { name: 'Add a lesson' }).click();
    await page.getByLabel('Lesson 1 title (English)').fill('Washing hands');
    await page.getByLabel('Lesson 1 title (French)').fill('Lavage des mains');
    await page.getByLabel('Lesson 1 text (English)').fill('Wash for 20 seconds with soap.');
    await page.getByLabel('Lesson 1 text (French)').fill('Lavez 20 secondes avec du savon.');
    await page.getByRole('button', { name: 'Add a multiple-choice question to lesson 1' }).click();
    await page.getByLabel('Question 1.1 (English)').fill('How long do you wash?');
    await page.getByLabel('Question 1.1 (French)').fill('Combien de temps lavez-vous ?');
    await page.getByLabel('Choice 1 (English)').fill('5 seconds');
    await page.getByLabel('Choice 1 (French)').fill('5 secondes');
    await page.getByLabel('Choice 2 (English)').fill('20 seconds');
    await page.getByLabel('Choice 2 (French)').fill('20 secondes');
    await page.getByLabel('Right answer: 2').check();
    await page.getByTestId('course-state').filter({ hasText: 'Unsaved changes' }).waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.screenshot({ path: path.join(screenshotDir, 'course-form.png') });

    // The preview: what a French-speaking health worker receives, and the inspector's verdict.
    await page.getByTestId('course-ready').waitFor();
    await page.getByLabel('Preview language').selectOption('fra');
    const messages = page.getByRole('list', { name: 'Messages in order' });
    await messages.getByText('Combien de temps lavez-vous ?').waitFor();
    expect(await messages.locator('pre').first().textContent()).toBe('Lavage des mains\n\nLavez 20 secondes avec du savon.');
    expect(await messages.locator('pre').nth(1).textContent()).toBe('Combien de temps lavez-vous ?\n1. 5 secondes\n2. 20 secondes');
    expect(await page.getByTestId('course-inspection').textContent()).toMatch(/^Compiled flow: \d+ steps, no problems found by the inspector\.$/);

    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('status').filter({ hasText: 'Published as revision 2 of the course flow.' }).waitFor();
    await page.getByTestId('course-state').filter({ hasText: 'Published, up to date' }).waitFor();

    // Enrol the group; the progress table lists its health worker.
    await page.getByLabel('Group', { exact: true }).selectOption({ label: 'Kilifi nurses (1 members)' });
    await page.getByRole('button', { name: 'Enrol group' }).click();
    await page.getByRole('status').filter({ hasText: 'Kilifi nurses enrolled.' }).waitFor();
    await page.getByTestId('course-totals').filter({ hasText: '1 enrolled' }).waitFor();
    const table = page.getByRole('table', { name: 'Progress per health worker' });
    await table.getByRole('row', { name: /Amina Njeri/ }).waitFor();
    expect(await table.getByRole('row', { name: /Amina Njeri/ }).getByRole('cell').allTextContents()).toEqual(
      expect.arrayContaining(['Amina Njeri', '0 / 1', '—']),
    );

    await page.getByRole('button', { name: 'Send reminder to those behind' }).click();
    await page.getByRole('status').filter({ hasText: 'Nobody is behind: no reminder sent.' }).waitFor();
    await page.screenshot({ path: path.join(screenshotDir, 'course-progress.png'), fullPage: true });

    // Back on the list, the course shows its content and state.
    await page.getByRole('link', { name: '← All courses' }).click();
    const row = page.getByRole('row', { name: /Hand hygiene/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('1 lessons, 1 questions');
    expect(await row.textContent()).toContain('Published, up to date');
  });
});
