/**
 * goflow conformance: every case in /work/shared/rapidpro/goflow-cases must pass (0 failed) — events,
 * segments, session status and run results after the start and each resume.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConformanceDir } from './run-case.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const casesDir = path.join(path.resolve(repoRoot, '../shared'), 'rapidpro/goflow-cases');
const available = existsSync(casesDir);

describe('goflow conformance cases', () => {
  it.skipIf(!available)('runs every case with 0 failures', async () => {
    const report = await runConformanceDir(casesDir);
    const failures = report.lines.filter((l) => l.startsWith('FAIL'));
    expect(failures).toEqual([]);
    expect(report.passed + report.skipped).toBe(report.outcomes.length);
    expect(report.passed).toBeGreaterThanOrEqual(26);
    expect(report.lines[report.lines.length - 1]).toBe(`${report.passed} passed, 0 failed, ${report.skipped} skipped`);
  });

  it.skipIf(available)('is skipped: ../shared/rapidpro/goflow-cases is not present next to the repository', () => {
    expect(available).toBe(false);
  });
});
