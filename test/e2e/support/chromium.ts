/**
 * Debian's Chromium for the end-to-end tests (installed by scripts/install-test-deps.sh; Playwright never
 * downloads a browser here). Each launch gets a fresh, throwaway profile.
 *
 *   const browser = await launchChromium();   ...   await browser.close();
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Why the e2e suite cannot run here, or null when Chromium is available. */
export function chromiumMissingReason(): string | null {
  try {
    fs.accessSync(CHROMIUM_PATH, fs.constants.X_OK);
    return null;
  } catch {
    return `Chromium not found at ${CHROMIUM_PATH}: end-to-end tests skipped (install it with scripts/install-test-deps.sh)`;
  }
}

/** A browser with a fresh profile; closing it removes the profile. */
export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(options: { locale?: string } = {}): Promise<LaunchedBrowser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiunga-e2e-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1366, height: 860 },
    locale: options.locale ?? 'en-US',
    acceptDownloads: true,
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
