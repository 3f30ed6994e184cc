import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { exportRapidPro, importRapidProExport, rapidProCompatibility } from '../../runtime/rapidpro/index.js';
import { CURRENT_SPEC_VERSION } from '../../runtime/definition/versions.js';
import { CASES_DIR, FIXTURES_DIR, MHERO_DIR, jsonFiles, readJson } from '../definition/fixtures.js';

function roundTrip(fileText: string) {
  const first = importRapidProExport(fileText);
  const exported = exportRapidPro(first.flows, first.assets, { campaigns: first.campaigns, triggers: first.triggers });
  const second = importRapidProExport(JSON.stringify(exported));
  return { first, exported, second };
}

function expectSameImport(a: ReturnType<typeof importRapidProExport>, b: ReturnType<typeof importRapidProExport>) {
  expect(b.flows).toEqual(a.flows);
  expect(b.assets.fields).toEqual(a.assets.fields);
  expect(b.assets.groups).toEqual(a.assets.groups);
  expect(b.campaigns).toEqual(a.campaigns);
  expect(b.triggers).toEqual(a.triggers);
}

describe('real mHero RapidPro exports', () => {
  for (const file of jsonFiles(MHERO_DIR)) {
    it(`${file}: imports without errors and survives import → export → import unchanged`, () => {
      const text = readFileSync(join(MHERO_DIR, file), 'utf8');
      const { first, exported, second } = roundTrip(text);
      expect(first.issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect(first.version).toBe('13');
      const original = JSON.parse(text) as { flows: { uuid: string; name: string; nodes: unknown[] }[] };
      expect(first.flows.map((f) => f.uuid)).toEqual(original.flows.map((f) => f.uuid));
      expect(first.flows.map((f) => f.nodes.length)).toEqual(original.flows.map((f) => f.nodes.length));
      expect(first.flows.every((f) => f.spec_version === CURRENT_SPEC_VERSION)).toBe(true);
      expect(exported.version).toBe('13');
      expect(Object.keys(exported).sort()).toEqual(['campaigns', 'fields', 'flows', 'groups', 'site', 'triggers', 'version']);
      expectSameImport(first, second);
      // a second export is byte-identical to the first
      expect(JSON.stringify(exportRapidPro(second.flows, second.assets, { campaigns: second.campaigns, triggers: second.triggers }))).toBe(JSON.stringify(exported));
    });
  }
});

describe('goflow runner flows as import files', () => {
  for (const file of jsonFiles(CASES_DIR).filter((f) => !f.includes('.test'))) {
    it(`${file}: round trip keeps flows, fields and groups`, () => {
      const text = readFileSync(join(CASES_DIR, file), 'utf8');
      const { first, second } = roundTrip(text);
      expect(first.issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect(first.flows.length).toBe((JSON.parse(text) as { flows: unknown[] }).flows.length);
      expectSameImport(first, second);
    });
  }
});

describe('legacy RapidPro exports (version 11.x)', () => {
  const legacyFlows = readJson<{ legacy: Record<string, unknown>; expected: { name: string } }[]>(
    join(FIXTURES_DIR, 'flows-definition-legacy', 'flows.json'),
  ).filter((tc) => tc.expected.name !== '');
  it('imports legacy flows, migrates them, and round-trips', () => {
    const file = { version: '11.12', site: 'https://app.rapidpro.io', flows: legacyFlows.map((tc) => tc.legacy), campaigns: [], triggers: [] };
    const first = importRapidProExport(file, { baseMediaUrl: 'https://media.example.org' });
    expect(first.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(first.version).toBe('11.12');
    expect(first.flows.map((f) => f.name)).toEqual(legacyFlows.map((tc) => tc.expected.name));
    expect(first.flows.every((f) => f.spec_version === CURRENT_SPEC_VERSION)).toBe(true);
    const exported = exportRapidPro(first.flows, first.assets);
    expect(exported.version).toBe('13');
    expectSameImport(first, importRapidProExport(JSON.stringify(exported)));
  });
});

const FLOW_A = '11111111-1111-4111-8111-111111111111';
const GROUP = '22222222-2222-4222-8222-222222222222';
const MISSING = '99999999-9999-4999-8999-999999999999';

function exportWith(extra: Record<string, unknown>) {
  return {
    version: '13', site: 'https://app.rapidpro.io',
    flows: [{
      uuid: FLOW_A, name: 'A', spec_version: '13.1.0', language: 'eng', type: 'messaging', nodes: [{
        uuid: '33333333-3333-4333-8333-333333333333',
        actions: [
          { uuid: '44444444-4444-4444-8444-444444444444', type: 'add_contact_groups', groups: [{ uuid: MISSING, name: 'Ghosts' }] },
          { uuid: '55555555-5555-4555-8555-555555555555', type: 'kiunga_example', query: 'Patient?identifier=@contact.uuid' },
        ],
        exits: [{ uuid: '66666666-6666-4666-8666-666666666666' }],
      }],
    }],
    campaigns: [], triggers: [], fields: [{ key: 'dob', name: 'Date of birth', type: 'datetime' }],
    groups: [{ uuid: GROUP, name: 'Nurses', query: null }],
    ...extra,
  };
}

describe('references and extensions', () => {
  it('reports missing groups, flows and fields with paths', () => {
    const result = importRapidProExport(exportWith({
      campaigns: [{ uuid: '77777777-7777-4777-8777-777777777777', name: 'Reminders', group: { uuid: MISSING, name: 'Ghosts' }, events: [
        { uuid: '88888888-8888-4888-8888-888888888888', offset: 1, unit: 'D', event_type: 'F', delivery_hour: 9,
          relative_to: { key: 'vaccinated_on', label: 'Vaccinated On' }, flow: { uuid: MISSING, name: 'Lost' } },
        { uuid: '88888888-8888-4888-8888-888888888889', offset: 1, unit: 'D', event_type: 'M', delivery_hour: 9,
          relative_to: { key: 'dob', label: 'DOB' }, message: { eng: 'Happy birthday' } },
      ] }],
      triggers: [{ trigger_type: 'K', keywords: ['join'], flow: { uuid: MISSING, name: 'Lost' }, groups: [{ uuid: GROUP, name: 'Nurses' }] }],
    }));
    const paths = result.issues.filter((i) => i.code === 'missing_dependency').map((i) => i.path);
    expect(paths).toEqual([
      'flows[0].nodes[0].actions[0].groups[0]',
      'campaigns[0].group',
      'campaigns[0].events[0].relative_to',
      'campaigns[0].events[0].flow',
      'triggers[0].flow',
    ]);
    // the flow itself is still imported (RapidPro would create the group)
    expect(result.flows).toHaveLength(1);
    expect(result.campaigns).toHaveLength(1);
  });

  it('keeps kiunga_* actions, and reports them as unknown to RapidPro on export', () => {
    const result = importRapidProExport(exportWith({}));
    const warning = result.issues.find((i) => i.code === 'unknown_action_type');
    expect(warning?.path).toBe('flows[0].nodes[0].actions[1].type');
    expect(result.flows[0]!.nodes[0]!.actions.map((a) => a.type)).toEqual(['add_contact_groups', 'kiunga_example']);
    const kept = exportRapidPro(result.flows, result.assets);
    expect(JSON.stringify(kept)).toContain('kiunga_example');
    expect(rapidProCompatibility(result.flows).map((i) => `${i.code} ${i.path}`)).toEqual(['kiunga_extension flows[0].nodes[0].actions[1].type']);
    const dropped = exportRapidPro(result.flows, result.assets, { extensions: 'drop' });
    expect(JSON.stringify(dropped)).not.toContain('kiunga_example');
  });

  it('reads old-style fields (label / value_type)', () => {
    const result = importRapidProExport(exportWith({ fields: [{ key: 'age', label: 'Age', value_type: 'N' }, { key: 'Bad Key', label: 'x', value_type: 'T' }] }));
    expect(result.assets.fields).toEqual([{ key: 'age', name: 'Age', type: 'number' }]);
    expect(result.issues.find((i) => i.code === 'invalid_field')?.path).toBe('fields[1].key');
  });
});

describe('bad input never throws', () => {
  const inputs: unknown[] = [
    '', '{', 'null', '[]', '"text"', '{"flows": 3}', '{"flows": [null, 1, "x", {}]}', '{"flows": [{"nodes": null}]}',
    { flows: [{ uuid: FLOW_A, name: 'x', spec_version: '13.0.0', type: 'messaging', language: 'eng', nodes: [{ uuid: 5, exits: 'no' }] }] },
    { flows: [], campaigns: [null, { name: 'c', events: [null, { relative_to: 3 }] }], triggers: [{}, null], fields: [3], groups: [{}] },
    { action_sets: [], rule_sets: null },
  ];
  inputs.forEach((input, i) => {
    it(`input #${i}`, () => {
      const result = importRapidProExport(input);
      expect(Array.isArray(result.issues)).toBe(true);
      expect(result.issues.length).toBeGreaterThan(0);
      for (const issue of result.issues) expect(issue.message.length).toBeGreaterThan(5);
    });
  });

  it('malformed JSON is one clear issue', () => {
    const result = importRapidProExport('{"version": "13", "flows": [');
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]!.code).toBe('malformed_json');
    expect(result.issues[0]!.message).toMatch(/not valid JSON/);
  });

  it('survives random mutations of a real export', () => {
    const base = readJson<Record<string, unknown>>(join(MHERO_DIR, jsonFiles(MHERO_DIR)[0]!));
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const junk = [null, 0, -1, '', 'x', [], {}, true, '@(', '00000000-0000-4000-8000-000000000000'];
    for (let round = 0; round < 200; round++) {
      const copy = structuredClone(base);
      const stack: unknown[] = [copy];
      const containers: [Record<string, unknown> | unknown[], string | number][] = [];
      while (stack.length) {
        const v = stack.pop();
        if (Array.isArray(v)) v.forEach((item, i) => { containers.push([v, i]); stack.push(item); });
        else if (v && typeof v === 'object') for (const [k, item] of Object.entries(v)) { containers.push([v as Record<string, unknown>, k]); stack.push(item); }
      }
      for (let m = 0; m < 3; m++) {
        const [container, key] = containers[Math.floor(rand() * containers.length)]!;
        (container as Record<string | number, unknown>)[key] = junk[Math.floor(rand() * junk.length)];
      }
      expect(() => importRapidProExport(copy)).not.toThrow();
    }
  });
});
