import { defineConfig } from 'vitest/config';

// One test command for everything: unit, integration, conformance and (when Chromium is present) e2e.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'runtime/**/*.test.ts', 'server/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
