/**
 * The conformance runner itself: positional comparison of generated values, first-difference paths,
 * failure on a wrong expectation, skipping of out-of-scope features.
 */
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectLiterals, firstDifference, Normalizer } from './normalize.js';
import { outOfScopeFeature, runConformanceDir } from './run-case.js';

const casesDir = path.resolve(import.meta.dirname, '../../../shared/rapidpro/goflow-cases');

describe('Normalizer', () => {
  it('numbers generated UUIDs and timestamps by first appearance and keeps input literals', () => {
    const literal = 'ba96bf7f-bc2a-4873-a7c7-254d1927c4e3';
    const n = new Normalizer(collectLiterals({ contact: literal }));
    const out = n.normalize({
      a: '01969b47-113b-76f8-95cf-9fca95f1c30a',
      b: ['01969b47-2c93-76f8-b774-0a98171a0712', '01969b47-113b-76f8-95cf-9fca95f1c30a'],
      c: literal,
      d: 'at 2025-05-04T12:30:47.123456789Z and 2025-05-04T12:30:48.123Z',
    });
    expect(out).toEqual({ a: '<uuid:1>', b: ['<uuid:2>', '<uuid:1>'], c: literal, d: 'at <time:1> and <time:2>' });
  });

  it('reports the JSON path of the first difference', () => {
    expect(firstDifference({ e: [{ t: 'x' }, { t: 'y' }] }, { e: [{ t: 'x' }, { t: 'z' }] })).toBe('$.e[1].t: expected "y", got "z"');
    expect(firstDifference([1, 2], [1])).toMatch(/^\$\[1\]: expected 2, got nothing/);
    expect(firstDifference({ a: 1 }, { a: 1 })).toBeNull();
  });

  it('detects a reference that points to a different generated value', () => {
    const lits = new Set<string>();
    const expected = new Normalizer(lits).normalize(['01969b47-0000-7000-8000-000000000001', '01969b47-0000-7000-8000-000000000001']);
    const actual = new Normalizer(lits).normalize(['01969b47-0000-7000-8000-00000000000a', '01969b47-0000-7000-8000-00000000000b']);
    expect(firstDifference(expected, actual)).toBe('$[1]: expected "<uuid:1>", got "<uuid:2>"');
  });
});

describe('outOfScopeFeature', () => {
  it('names voice flows and out-of-scope actions, and accepts messaging flows', () => {
    expect(outOfScopeFeature({ flows: [{ name: 'IVR', type: 'voice', nodes: [] }] })).toMatch(/voice/);
    expect(outOfScopeFeature({ flows: [{ name: 'A', type: 'messaging', nodes: [{ uuid: 'n', actions: [{ uuid: 'a', type: 'transfer_airtime' }], exits: [] }] }] })).toMatch(/airtime/);
    expect(outOfScopeFeature({ flows: [{ name: 'A', type: 'messaging', nodes: [{ uuid: 'n', actions: [{ uuid: 'a', type: 'send_msg' }], exits: [] }] }] })).toBeNull();
  });
});

describe.skipIf(!existsSync(casesDir))('runConformanceDir', () => {
  it('fails a case whose expected output was altered, naming the path', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kiunga-conf-'));
    copyFileSync(path.join(casesDir, 'two_questions.json'), path.join(dir, 'two_questions.json'));
    const c = JSON.parse(readFileSync(path.join(casesDir, 'two_questions.test.json'), 'utf8'));
    c.outputs[1].events[2].msg.text = 'something else';
    writeFileSync(path.join(dir, 'two_questions.test.json'), JSON.stringify(c));
    const report = await runConformanceDir(dir);
    expect(report.failed).toBe(1);
    expect(report.lines[0]).toMatch(/^FAIL two_questions\.test: outputs\[1\]\.events\[2\]\.msg\.text/);
    expect(report.lines[1]).toBe('0 passed, 1 failed, 0 skipped');
  });

  it('skips a case whose flow uses voice, with the reason', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kiunga-conf-'));
    const assets = JSON.parse(readFileSync(path.join(casesDir, 'two_questions.json'), 'utf8'));
    assets.flows[0].type = 'voice';
    writeFileSync(path.join(dir, 'ivr.json'), JSON.stringify(assets));
    copyFileSync(path.join(casesDir, 'two_questions.test.json'), path.join(dir, 'ivr.test.json'));
    const report = await runConformanceDir(dir);
    expect(report.lines[0]).toMatch(/^SKIP ivr\.test: out of scope: voice/);
  });
});
