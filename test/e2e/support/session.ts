/**
 * Steps every end-to-end test repeats: signing in as the test admin through the login page, and keeping a
 * screenshot and the server log of a failed test.
 *
 *   await signIn(page, server.url);
 *   keepEvidenceOnFailure(() => page, () => server, screenshotDir);   // at the top level of a describe
 */
import path from 'node:path';
import { beforeEach } from 'vitest';
import type { Page } from 'playwright-core';
import { TEST_ADMIN, type TestServer } from './test-server.js';

/** Opens the app and signs in with the test admin's e-mail and password (English login page). */
export async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Email address').fill(TEST_ADMIN.email);
  await page.getByLabel('Password').fill(TEST_ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** After a failed test: a screenshot named after it in `dir`, and the server's log on stderr. */
export function keepEvidenceOnFailure(page: () => Page | undefined, server: () => TestServer | undefined, dir: string): void {
  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      await page()?.screenshot({ path: path.join(dir, `failed-${task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`) }).catch(() => undefined);
      const log = server()?.log ?? [];
      if (log.length) console.error(`server log:\n${log.join('\n')}`);
    });
  });
}
