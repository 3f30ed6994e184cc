/**
 * The `kiunga` command line, run as a user runs it (bin/kiunga.mjs through tsx): conformance output and
 * exit codes, flow check, and the flow simulator with a script of replies.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
const shared = path.resolve(repo, '../shared');
const bin = path.join(repo, 'bin/kiunga.mjs');

function kiunga(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!existsSync(shared))('kiunga CLI', () => {
  it('conformance: one line per case, the summary alone on the last line, exit 0 when nothing fails', () => {
    const r = kiunga('conformance', path.join(shared, 'rapidpro/goflow-cases'));
    const lines = r.stdout.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^\d+ passed, 0 failed, \d+ skipped$/);
    expect(lines.slice(0, -1).every((l) => /^(PASS|SKIP) \S+/.test(l))).toBe(true);
    expect(r.code).toBe(0);
  });

  it('conformance: exit 2 and a message for a directory that does not exist', () => {
    const r = kiunga('conformance', '/nonexistent/dir');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not a directory/);
  });

  it('flow check: exit 1 with the issue for a broken flow, 0 for a good export', () => {
    const broken = mkdtempSync(path.join(tmpdir(), 'kiunga-cli-'));
    const file = path.join(broken, 'broken.json');
    writeFileSync(file, JSON.stringify({ uuid: 'not-a-uuid', name: 'Broken', spec_version: '14.4.2', language: 'eng', type: 'messaging', nodes: [] }));
    const bad = kiunga('flow', 'check', file);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^error/m);
    const good = kiunga('flow', 'check', path.join(shared, 'fhir/samples/rapidpro-flows/mhero-covid-registration_test.json'));
    expect(good.stdout).toMatch(/1 flow read: 0 errors/);
    expect(good.code).toBe(0);
  });

  it('flow run --script: prints the transcript to the end of the flow', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kiunga-cli-'));
    const script = path.join(dir, 'replies.txt');
    writeFileSync(script, 'EMP123\nDoe\n3\nGasabo\n1234\n');
    const r = kiunga('flow', 'run', path.join(shared, 'fhir/samples/rapidpro-flows/mhero-covid-registration_test.json'), '--script', script);
    expect(r.stdout).toMatch(/^bot> Welcome to the registration system/m);
    expect(r.stdout).toMatch(/^you> EMP123$/m);
    expect(r.stdout).toMatch(/result "facility_id" = "1234"/);
    expect(r.stdout).toMatch(/You are now registered as Doe/);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('— session completed —');
    expect(r.code).toBe(0);
  });

  it('flow run: names the flows when --flow matches none', () => {
    const r = kiunga('flow', 'run', path.join(shared, 'fhir/samples/rapidpro-flows/mhero-covid-registration_test.json'), '--flow', 'Nope');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/no flow named 'Nope'.*Registration - OHIE COVID test workflows/);
  });
});
