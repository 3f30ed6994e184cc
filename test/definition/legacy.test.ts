/**
 * Legacy (RapidPro ≤ 11) flows: goflow's legacy fixtures (actions, rule sets, tests, whole flows) and the
 * template translation table. Generated UUIDs follow goflow's seeded sequence in the fixtures, so the test
 * feeds the same sequence and expects identical output.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { migrateLegacyAction, type LegacyContext } from '../../runtime/definition/legacy/actions.js';
import { migrateRuleSet } from '../../runtime/definition/legacy/rules.js';
import { migrateLegacyDefinition } from '../../runtime/definition/legacy/index.js';
import { LocalizationBuilder } from '../../runtime/definition/legacy/translations.js';
import { migrateLegacyTemplate, migrateLegacyText } from '../../runtime/definition/legacy/expressions.js';
import { readFlow } from '../../runtime/definition/read.js';
import { CURRENT_SPEC_VERSION } from '../../runtime/definition/versions.js';
import { FIXTURES_DIR, readJson } from './fixtures.js';

const DIR = join(FIXTURES_DIR, 'flows-definition-legacy');
const MEDIA = 'https://myfiles.com';

/** The first UUIDs of goflow's seeded test generator, as they appear in the fixtures. */
const SEEDED = [
  '1b2083ab-a0cb-48da-924e-9de1a11831b3', 'ad9bdcfa-5604-4542-98c7-1f0d5859f77e', 'b26fcae1-abb6-49f8-95cf-9fca95f1c30a',
  '5a66dd9c-356e-4287-92ed-42cbd11a03fd', '59ad8481-1332-4457-b20c-e3cb6203e029',
];

function seeded(): () => string {
  let i = 0;
  return () => SEEDED[i++] ?? `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
}

function context(baseLanguage = 'eng'): LegacyContext {
  return { baseLanguage, localization: new LocalizationBuilder(), newUuid: seeded(), baseMediaUrl: MEDIA };
}

/** goflow writes "" for "no default category"; Kiunga omits it. */
function withoutEmptyDefaults<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (key, v) => (key === 'default_category_uuid' && v === '' ? undefined : v)) as T;
}

describe('legacy actions (actions.json)', () => {
  const cases = readJson<{ legacy_action: Record<string, unknown>; expected_action: unknown; expected_localization: unknown }[]>(join(DIR, 'actions.json'));
  cases.forEach((tc, i) => {
    it(`[${i}] ${String(tc.legacy_action.type)}`, () => {
      const ctx = context();
      expect(migrateLegacyAction(tc.legacy_action, ctx)).toEqual(tc.expected_action);
      expect(ctx.localization.localization).toEqual(tc.expected_localization);
    });
  });
});

describe('legacy rule sets (rulesets.json)', () => {
  const cases = readJson<{ description?: string; legacy_ruleset: Record<string, unknown>; expected_node: Record<string, unknown>; expected_localization: unknown; expected_ui: unknown }[]>(join(DIR, 'rulesets.json'));
  cases.forEach((tc, i) => {
    it(`[${i}] ${tc.description ?? String(tc.legacy_ruleset.ruleset_type)}`, () => {
      const ctx = context();
      const destinations = new Set<string>();
      for (const rule of (tc.legacy_ruleset.rules as { destination?: string }[]) ?? []) if (rule.destination) destinations.add(rule.destination);
      const { node, ui } = migrateRuleSet(tc.legacy_ruleset, destinations, ctx);
      expect(node).toEqual(withoutEmptyDefaults(tc.expected_node));
      expect(ctx.localization.localization).toEqual(tc.expected_localization);
      expect(ui).toEqual(tc.expected_ui);
    });
  });
});

describe('legacy rule tests (tests.json)', () => {
  const cases = readJson<{ legacy_test: Record<string, unknown>; expected_case: unknown; expected_localization: unknown }[]>(join(DIR, 'tests.json'));
  cases.forEach((tc, i) => {
    it(`[${i}] ${String(tc.legacy_test.type)}`, () => {
      const ctx = context();
      const ruleSet = {
        uuid: '00000000-0000-4000-8000-000000000001', ruleset_type: 'expression', operand: '@step.value', label: 'Test',
        rules: [{ uuid: '00000000-0000-4000-8000-000000000002', test: tc.legacy_test, category: { eng: 'Match' } }],
      };
      const { node } = migrateRuleSet(ruleSet, new Set(), ctx);
      const router = node.router as { cases: unknown[] };
      expect(router.cases).toEqual([tc.expected_case]);
      expect(ctx.localization.localization).toEqual(tc.expected_localization);
    });
  });
});

describe('legacy flows (flows.json)', () => {
  const cases = readJson<{ legacy: Record<string, unknown>; expected: Record<string, unknown> }[]>(join(DIR, 'flows.json'));
  cases.forEach((tc, i) => {
    it(`[${i}] ${String((tc.legacy.metadata as { name?: string } | undefined)?.name ?? tc.legacy.name ?? '')}`, () => {
      const result = migrateLegacyDefinition(tc.legacy, { newUuid: seeded(), baseMediaUrl: MEDIA });
      expect(result.issues).toEqual([]);
      expect(result.flow).toEqual(withoutEmptyDefaults(tc.expected));
    });
    it(`[${i}] reads all the way to ${CURRENT_SPEC_VERSION}`, () => {
      const result = readFlow(tc.legacy, { newUuid: seeded(), baseMediaUrl: MEDIA });
      const errors = result.issues.filter((x) => x.severity === 'error');
      if (tc.expected.name === '') {
        // a flow without a name migrates, but current flows must have one
        expect(errors.map((e) => `${e.code} ${e.path}`)).toEqual(['invalid_name name']);
        return;
      }
      expect(errors).toEqual([]);
      expect(result.flow!.spec_version).toBe(CURRENT_SPEC_VERSION);
      expect(result.migrations[0]).toBe('legacy');
    });
  });
});

describe('legacy template translation', () => {
  const table: [string, string, Parameters<typeof migrateLegacyText>[1]?][] = [
    ['@contact', '@contact'], ['@CONTACT', '@contact'], ['@contact.NAME', '@contact.name'], ['@contact.gender', '@fields.gender'],
    ['@contact.groups', '@(join(contact.groups, ","))'], ['@contact.tel', '@(format_urn(urns.tel))'],
    ['@contact.tel.urn', '@urns.tel'], ['@contact.twitterid', '@(default(urn_parts(urns.twitterid).path, ""))'],
    ['@flow', '@results'], ['@flow.color.category', '@results.color.category_localized'], ['@flow.color.text', '@results.color.input'],
    ['@flow.2factor', '@(results["2factor"])'], ['@(flow.1337.value)', '@(results["1337"].value)'], ['@flow.contact.age', '@fields.age'],
    ['@child.age.category', '@child.results.age.category_localized'], ['@parent.contact.tel', '@(format_urn(parent.urns.tel))'],
    ['@step', '@input'], ['@step.value', '@input'], ['@step.text', '@input.text'], ['@step.attachments.0', '@(attachment_parts(input.attachments[0]).url)'],
    ['@date', '@(now())'], ['@date.today', '@(format_date(today()))'], ['@channel.name', '@contact.channel.name'],
    ['@extra.flow.role', '@parent.results.role'], ['@extra.results.1', '@(legacy_extra.results["1"])'],
    ['@(TRUE)', '@(true)'], ['@(FALSE())', '@(false)'], ['@(1 <> 4)', '@(1 != 4)'], ['@("")', ''], ['@(" "" ")', '@(" \\" ")'],
    ['@(CONCATENATE(contact.name, " ", flow.age))', '@(contact.name & " " & results.age)'],
    ['@(PROPER(contact.name))', '@(title(contact.name))'], ['@(WORD(step.value, 2))', '@(word(input, 1))'],
    ['@(date.now + 5)', '@(datetime_add(now(), 5, "D"))'], ['@(date.today + 5)', '@(format_date(datetime_add(format_date(today()), 5, "D")))'],
    ['@(today() + TIME(15, 30, 0))', '@(replace_time(today(), time_from_parts(15, 30, 0)))'],
    ['@(contact.age + 100 - 5)', '@(legacy_add(legacy_add(fields.age, 100), -5))'],
    ['@("hello")', '@(if(is_error("hello"), "@(\\"hello\\")", "hello"))', { defaultToSelf: true }],
    ['http://x.org/?n=@contact.name', 'http://x.org/?n=@(url_encode(contact.name))', { urlEncode: true }],
    ['bob@nyaruka.com', 'bob@nyaruka.com'], ['@twitter_handle', '@twitter_handle'], ['@', '@'], ['@contact.name...?', '@contact.name...?'],
    ['Hi @@@flow.color @@flow.color @flow.color', 'Hi @@@results.color @@flow.color @results.color'],
  ];
  for (const [legacy, current, options] of table) {
    it(`${legacy} → ${current}`, () => expect(migrateLegacyText(legacy, options)).toBe(current));
  }

  it('keeps an unparseable expression and reports it', () => {
    const result = migrateLegacyTemplate('Hi @(contact.name + ) there');
    expect(result.text).toBe('Hi @(contact.name + ) there');
    expect(result.errors).toHaveLength(1);
  });
});
