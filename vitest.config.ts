import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = dirname(fileURLToPath(import.meta.url));
const sharedDir = process.env.KIUNGA_SHARED_DIR ?? resolve(root, '../shared');

/**
 * Suites built on goflow's reference data in ../shared (fixtures read when the file loads). A plain clone
 * has no ../shared: these files are then left out with the message below; other suites that touch
 * ../shared skip their own cases (test/support/shared.ts).
 */
const SHARED_SUITES = ['test/definition/**/*.test.ts', 'test/rapidpro/**/*.test.ts'];
const haveShared = existsSync(join(sharedDir, 'rapidpro'));
if (!haveShared) {
  console.warn(`Skipping ${SHARED_SUITES.join(', ')}: goflow reference data not found at ${sharedDir} (set KIUNGA_SHARED_DIR to run them).`);
}

// One test command for everything: unit, integration, conformance, PostgreSQL and end-to-end.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'runtime/**/*.test.ts', 'server/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...(haveShared ? [] : SHARED_SUITES)],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
