import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { migrateFlow, MIGRATION_STEPS } from '../../runtime/definition/migrations/index.js';
import { rewriteFlowTemplates } from '../../runtime/definition/migrations/rewrite-templates.js';
import { CURRENT_SPEC_VERSION } from '../../runtime/definition/versions.js';
import { collectUuids, FIXTURES_DIR, jsonFiles, normalizeNewUuids, readJson } from './fixtures.js';

const STEP_DIR = join(FIXTURES_DIR, 'flows-definition-migrations-migrations');

interface StepCase {
  description: string;
  original: Record<string, unknown>;
  migrated: Record<string, unknown>;
}

describe('spec version migrations, one fixture file per step', () => {
  it('has a step for every fixture version and the last step is the current version', () => {
    const fixtureVersions = jsonFiles(STEP_DIR).map((f) => f.replace(/\.json$/, ''));
    expect(MIGRATION_STEPS.map((s) => s.version)).toEqual(fixtureVersions);
    expect(MIGRATION_STEPS.at(-1)!.version).toBe(CURRENT_SPEC_VERSION);
  });

  for (const file of jsonFiles(STEP_DIR)) {
    const version = file.replace(/\.json$/, '');
    const cases = readJson<StepCase[]>(join(STEP_DIR, file));
    for (const tc of cases) {
      it(`${version}: ${tc.description}`, () => {
        const result = migrateFlow(tc.original, { toVersion: version });
        expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
        expect(result.applied).toEqual([version]);
        // UUIDs created by a step are compared by position, not value
        const known = collectUuids(tc.original);
        expect(normalizeNewUuids(result.flow, known)).toEqual(normalizeNewUuids(tc.migrated, known));
      });
    }
  }

  it('each step file exists under runtime/definition/migrations', () => {
    for (const step of MIGRATION_STEPS) {
      expect(existsSync(join(__dirname, '../../runtime/definition/migrations', `${step.version}.ts`))).toBe(true);
    }
  });
});

describe('whole-flow migrations', () => {
  const dir = join(FIXTURES_DIR, 'flows-definition-migrations');
  it('migrates templates1 to the current version keeping every template', () => {
    const original = readJson<Record<string, unknown>>(join(dir, 'templates1.json'));
    const result = migrateFlow(original);
    expect(result.issues).toEqual([]);
    expect(result.flow!.spec_version).toBe(CURRENT_SPEC_VERSION);
  });

  it('rewrites every template and its translations (templates1 → templates1.upper)', () => {
    const flow = readJson<Record<string, unknown>>(join(dir, 'templates1.json'));
    rewriteFlowTemplates(flow, (t) => t.toUpperCase());
    expect(flow).toEqual(readJson(join(dir, 'templates1.upper.json')));
  });
});

describe('version handling', () => {
  const base = { uuid: '8ca44c09-791d-453a-9799-a70dd3303306', name: 'T', language: 'eng', type: 'messaging', nodes: [] };

  it('refuses a newer major version naming what we accept', () => {
    const result = migrateFlow({ ...base, spec_version: '2000.0' });
    expect(result.flow).toBeNull();
    expect(result.issues[0]!.code).toBe('unsupported_spec_version');
    expect(result.issues[0]!.message).toContain('2000.0.0 is newer');
    expect(result.issues[0]!.message).toContain(CURRENT_SPEC_VERSION);
  });

  it('refuses a newer minor of the current major', () => {
    const result = migrateFlow({ ...base, spec_version: '14.99.0' });
    expect(result.flow).toBeNull();
    expect(result.issues[0]!.message).toContain('14.99.0 is newer');
  });

  it('reads a newer minor of an older major (13.9999) by migrating it', () => {
    const result = migrateFlow({ ...base, spec_version: '13.9999' });
    expect(result.flow!.spec_version).toBe(CURRENT_SPEC_VERSION);
  });

  it('reads a newer patch with a warning', () => {
    const result = migrateFlow({ ...base, spec_version: '14.4.9' });
    expect(result.flow).not.toBeNull();
    expect(result.issues.map((i) => i.severity)).toEqual(['warning']);
  });

  it('reports a missing or garbage version instead of throwing', () => {
    expect(migrateFlow({ ...base }).issues[0]!.code).toBe('missing_spec_version');
    expect(migrateFlow({ ...base, spec_version: 'banana' }).issues[0]!.code).toBe('invalid_spec_version');
    expect(migrateFlow('nope').issues[0]!.code).toBe('not_an_object');
    expect(migrateFlow(null).flow).toBeNull();
  });

  it('does not modify its input', () => {
    const input = { ...base, spec_version: '13.0.0', language: 'base' };
    migrateFlow(input);
    expect(input.language).toBe('base');
  });
});
