import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoNow, newId } from '../../server/db/ids.js';
import { openDatabase } from '../../server/db/open.js';
import { startFhirDevServer, type FhirDevServer } from '../../server/dev/fhir-dev-server.js';
import { registerFhirSyncCommand } from '../../cli/commands/fhir-sync.js';
import { ensureFhirSyncTables } from './helpers.js';

describe('kiunga fhir sync', () => {
  let server: FhirDevServer;
  let dataDir: string;

  beforeAll(async () => {
    server = await startFhirDevServer({ port: 0 });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiunga-cli-'));
    const db = await openDatabase({ file: path.join(dataDir, 'kiunga.sqlite') });
    await ensureFhirSyncTables(db);
    const now = isoNow();
    await db
      .insertInto('workspaces')
      .values({ id: newId(), name: 'Ministry of Health', timezone: 'Africa/Douala', default_country: null, languages: '["fra"]', quiet_hours: null, opt_out_words: '[]', created_at: now, updated_at: now })
      .execute();
    await db.destroy();
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function run(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const program = new Command('kiunga').exitOverride();
    registerFhirSyncCommand(program, { out: (l) => out.push(l), err: (l) => err.push(l) });
    process.exitCode = 0;
    await program.parseAsync(['node', 'kiunga', 'fhir', 'sync', ...args]);
    const code = process.exitCode;
    process.exitCode = 0;
    return { out, err, code };
  }

  it('prints created/updated/skipped counts, then only changes on the second run', async () => {
    const seed = server.seed!;
    const first = await run('--fhir-url', server.url, '--data-dir', dataDir, '--country', 'CM', '--patients');
    expect(first.err).toEqual([]);
    expect(first.code).toBe(0);
    expect(first.out[0]).toMatch(new RegExp(`^registry from ${server.url} \\(full\\): \\d+ created, 0 updated, 0 deactivated, 0 unchanged, \\d+ skipped$`));
    const created = Number(/: (\d+) created/.exec(first.out[0])![1]);
    const skipped = Number(/(\d+) skipped$/.exec(first.out[0])![1]);
    expect(created + skipped).toBe(seed.practitioners.length);
    expect(first.out.some((l) => /^ {2}skipped Practitioner\/P\d+: no phone number in telecom$/.test(l))).toBe(true);
    expect(first.out.some((l) => /^patients from .* \(full\): \d+ created/.test(l))).toBe(true);

    const second = await run('--fhir-url', server.url, '--data-dir', dataDir, '--country', 'CM');
    expect(second.out[0]).toMatch(/\(incremental\): 0 created, 0 updated, 0 deactivated/);
  });

  it('fails with a clear message and exit code 1', async () => {
    const noCountry = await run('--fhir-url', server.url, '--data-dir', dataDir);
    expect(noCountry.code).toBe(1);
    expect(noCountry.err[0]).toMatch(/no default country: pass defaultCountry/);
    const badUrl = await run('--fhir-url', 'nope', '--data-dir', dataDir, '--country', 'CM');
    expect(badUrl.code).toBe(1);
    expect(badUrl.err[0]).toBe('kiunga fhir sync: FHIR base URL "nope" is not a valid URL');
    const noWorkspace = await run('--fhir-url', server.url, '--data-dir', dataDir, '--country', 'CM', '--workspace', 'Other');
    expect(noWorkspace.err[0]).toMatch(/no workspace "Other" .* \(have: "Ministry of Health"\)/);
  });
});
