/**
 * Every template of goflow's legacy expression suite (legacy_tests.json, from RapidPro's old expression
 * engine) is translated to the current syntax and checked with the current expression engine
 * (runtime/expressions):
 * - a template the old engine evaluated without errors must translate without errors into a template whose
 *   expressions parse, name known functions with the right number of arguments;
 * - a template the old engine rejected must still be rejected: by the translation, the static check, or
 *   evaluation.
 * (The outputs themselves differ by design: the current functions format dates, numbers and words differently.)
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { migrateLegacyTemplate } from '../../runtime/definition/legacy/expressions.js';
import { evaluateTemplate, inspectTemplate, makeEnvironment } from '../../runtime/expressions/index.js';
import { FIXTURES_DIR, readJson } from './fixtures.js';

interface LegacyTest {
  template: string;
  context: { variables: Record<string, unknown>; timezone: string; now?: string };
  output: string;
  errors: string[];
}

const tests = readJson<LegacyTest[]>(join(FIXTURES_DIR, 'flows-definition-legacy-expressions', 'legacy_tests.json'));

type Json = null | string | number | boolean | Json[] | { [k: string]: Json };

function lowerKeys(v: Json): Json {
  if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.toLowerCase(), lowerKeys(x)]));
  return v;
}

/** A legacy object's "*" entry is what it prints as: the current `__default__`. */
function withDefault(v: Json): Json {
  if (v && typeof v === 'object' && !Array.isArray(v) && '*' in v) {
    const { ['*']: d, ...rest } = v;
    return { __default__: d ?? null, ...rest };
  }
  return v;
}

/** The legacy variables laid out the way the translated references read them. */
function currentContext(variables: Record<string, unknown>): Record<string, Json> {
  const vars = lowerKeys(variables as Json) as Record<string, Json>;
  const ctx: Record<string, Json> = { fields: {}, results: {}, urns: {}, input: null, legacy_extra: null };
  for (const [key, value] of Object.entries(vars)) {
    if (key === 'flow' && value && typeof value === 'object' && !Array.isArray(value)) {
      ctx.results = Object.fromEntries(Object.entries(value).map(([k, r]) => [k, withDefault(r)]));
    } else if (key === 'contact' && value && typeof value === 'object' && !Array.isArray(value)) {
      const contact: Record<string, Json> = {};
      const fields: Record<string, Json> = {};
      for (const [ck, cv] of Object.entries(value)) {
        if (ck === '*') contact.__default__ = cv;
        else if (ck === 'name' || ck === 'first_name') contact[ck] = cv;
        else fields[ck] = cv;
      }
      ctx.contact = { ...contact, fields };
      ctx.fields = fields;
    } else if (key === 'extra') ctx.legacy_extra = value;
    else if (key === 'step') ctx.input = withDefault(value);
    else ctx[key] = withDefault(value);
  }
  return ctx;
}

describe('legacy expression suite (legacy_tests.json)', () => {
  it('has the whole suite', () => expect(tests.length).toBe(107));

  tests.forEach((tc, i) => {
    it(`[${i}] ${tc.template.slice(0, 80)}`, () => {
      const migrated = migrateLegacyTemplate(tc.template);
      const inspection = inspectTemplate(migrated.text);
      if (tc.errors.length === 0) {
        expect(migrated.errors).toEqual([]);
        expect(inspection.errors).toEqual([]);
        return;
      }
      const env = makeEnvironment({ timezone: tc.context.timezone }, tc.context.now ? { clock: { now: () => new Date(tc.context.now!) } } : undefined);
      const evaluated = evaluateTemplate(migrated.text, currentContext(tc.context.variables), env);
      const problems = [...migrated.errors, ...inspection.errors, ...evaluated.errors];
      expect(problems.length, `old engine: ${tc.errors.join('; ')}`).toBeGreaterThan(0);
    });
  });
});
