/**
 * Canvas steps the editor's end-to-end tests share.
 *
 *   await addStep(page, 'Ask a question');   // opens the palette, picks the step, waits for its form
 */
import type { Page } from 'playwright-core';

/** Opens the palette from the toolbar and picks a step by its plain-words title. */
export async function addStep(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'Add a step' }).click();
  const palette = page.getByRole('dialog', { name: 'Add a step' });
  await palette.getByRole('button', { name: new RegExp(`^${title}`) }).click();
  await palette.waitFor({ state: 'detached' });
  await page.locator('aside.step-editor').waitFor();
}
