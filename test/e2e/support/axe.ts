/**
 * Accessibility checks with axe-core in the real browser. axe is injected as an init script (through the
 * DevTools protocol, so the app's Content-Security-Policy does not block it) and run on the page as it is.
 *
 *   await installAxe(browser.context);                 // before the pages load
 *   const problems = await seriousViolations(page);    // [] when axe finds nothing serious or critical
 */
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';

const require = createRequire(import.meta.url);

/** One axe finding, shortened for a readable test failure. */
export interface AxeProblem {
  rule: string;
  impact: string;
  help: string;
  /** CSS selectors of up to five offending elements. */
  targets: string[];
}

/** Makes `axe` available in every page of the context (call before navigating). */
export async function installAxe(context: BrowserContext): Promise<void> {
  await context.addInitScript({ path: require.resolve('axe-core/axe.min.js') });
}

interface AxeResultsShape {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
}

/** Runs axe (WCAG 2.0/2.1 A and AA rules) on the current page; returns the serious and critical findings. */
export async function seriousViolations(page: Page): Promise<AxeProblem[]> {
  const results = await page.evaluate(runAxe);
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? 'unknown',
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.map(String).join(' ')),
    }));
}

// Runs in the page. No named inner functions (tsx would wrap them with a helper the page does not have).
function runAxe(): Promise<AxeResultsShape> {
  const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<AxeResultsShape> } }).axe;
  return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
}
