import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { readFlow } from '../../runtime/definition/read.js';
import { CURRENT_SPEC_VERSION } from '../../runtime/definition/versions.js';
import { CASES_DIR, jsonFiles, readJson } from './fixtures.js';

const U = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function flowWith(nodes: unknown[], extra: Record<string, unknown> = {}) {
  return { uuid: U(999), name: 'Test', spec_version: CURRENT_SPEC_VERSION, language: 'eng', type: 'messaging', localization: {}, nodes, ...extra };
}

describe('readFlow on real flows', () => {
  for (const file of jsonFiles(CASES_DIR).filter((f) => !f.includes('.test'))) {
    it(`${file}: every flow reads without errors and reaches ${CURRENT_SPEC_VERSION}`, () => {
      const assets = readJson<{ flows: unknown[] }>(join(CASES_DIR, file));
      for (const flowJson of assets.flows) {
        const { flow, issues } = readFlow(flowJson, { assets: assets as never });
        expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
        expect(flow!.spec_version).toBe(CURRENT_SPEC_VERSION);
        for (const node of flow!.nodes) expect(Array.isArray(node.actions)).toBe(true);
      }
    });
  }
});

describe('readFlow reports every problem, with paths and plain messages', () => {
  it('lists all problems of a flow, not just the first', () => {
    const { flow, issues } = readFlow(flowWith([
      {
        uuid: U(1), actions: [{ uuid: U(2), type: 'send_msg', text: 'Hi' }],
        router: {
          type: 'switch', operand: '@input.text', wait: { type: 'msg' },
          cases: [
            { uuid: U(3), type: 'has_number_between', arguments: ['1'], category_uuid: U(5) },
            { uuid: U(4), type: 'has_only_text', arguments: ['yes'], category_uuid: U(77) },
          ],
          categories: [{ uuid: U(5), name: 'Yes', exit_uuid: U(6) }], default_category_uuid: U(5),
        },
        exits: [{ uuid: U(6), destination_uuid: U(404) }],
      },
    ]));
    expect(flow).toBeNull();
    expect(issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'invalid_exit_destination nodes[0].exits[0].destination_uuid',
      'invalid_case_arguments nodes[0].router.cases[0]',
      'invalid_case_category nodes[0].router.cases[1].category_uuid',
    ]);
    const arity = issues.find((i) => i.code === 'invalid_case_arguments')!;
    expect(arity.message).toBe('nodes[0].router.cases[0]: "has_number_between" (is a number between) needs 2 arguments but has 1');
    expect(arity.nodeUuid).toBe(U(1));
  });

  it('reports missing header fields by name', () => {
    const { issues } = readFlow({ spec_version: '14.4.2', nodes: [] });
    const paths = issues.map((i) => i.path);
    for (const field of ['uuid', 'name', 'language', 'type']) expect(paths).toContain(field);
    expect(issues.find((i) => i.path === 'uuid')!.message).toBe('uuid: is required');
  });

  it('keeps unknown and kiunga_* action types with a warning', () => {
    const { flow, issues } = readFlow(flowWith([
      { uuid: U(1), actions: [{ uuid: U(2), type: 'kiunga_example', query: 'Patient?_id=1' }, { uuid: U(3), type: 'mystery' }], exits: [{ uuid: U(4) }] },
    ]));
    expect(flow!.nodes[0]!.actions.map((a) => a.type)).toEqual(['kiunga_example', 'mystery']);
    expect(issues.map((i) => `${i.severity} ${i.code} ${i.path}`)).toEqual([
      'warning unknown_action_type nodes[0].actions[0].type',
      'warning unknown_action_type nodes[0].actions[1].type',
    ]);
  });

  it('malformed JSON text is an issue, not an exception', () => {
    const { flow, issues } = readFlow('{"uuid": "x", "nodes": [');
    expect(flow).toBeNull();
    expect(issues).toHaveLength(1);
    expect(issues[0]!.code).toBe('malformed_json');
  });

  it('accepts JSON text', () => {
    const text = readFileSync(join(CASES_DIR, 'two_questions.json'), 'utf8');
    const first = (JSON.parse(text) as { flows: unknown[] }).flows[0];
    expect(readFlow(JSON.stringify(first)).flow?.name).toBe('Two Questions');
  });
});

describe('bad input never throws', () => {
  const weird: unknown[] = [undefined, null, 0, 'x', '', [], {}, { nodes: 'x' }, { spec_version: 13 }, { action_sets: 'x' },
    { action_sets: [null, { uuid: U(1), actions: [null, { type: 'nope' }] }], rule_sets: [{ uuid: U(2), ruleset_type: 'weird' }], flow_type: 'F' },
    flowWith([null, 1, { uuid: U(1), exits: null, router: { type: 'switch', categories: 'x' } }]),
    flowWith([{ uuid: U(1), actions: [{ uuid: U(2), type: 'send_msg', text: 5, quick_replies: 'x' }], exits: [{ uuid: 3 }] }], { localization: { xx: 5 } })];
  weird.forEach((input, i) => {
    it(`input #${i}`, () => {
      const result = readFlow(input);
      expect(result.flow).toBeNull();
      expect(result.issues.length).toBeGreaterThan(0);
      for (const issue of result.issues) expect(issue.message.startsWith(`${issue.path || 'flow'}: `)).toBe(true);
    });
  });

  it('survives random mutations of every goflow runner flow', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const junk = [null, 0, -5, '', 'x', [], {}, true, '@(', U(123456), 1e9];
    for (const file of jsonFiles(CASES_DIR).filter((f) => !f.includes('.test'))) {
      const { flows } = readJson<{ flows: unknown[] }>(join(CASES_DIR, file));
      for (let round = 0; round < 30; round++) {
        const copy = structuredClone(flows[0]);
        const slots: [Record<string | number, unknown>, string | number][] = [];
        const stack: unknown[] = [copy];
        while (stack.length) {
          const v = stack.pop();
          if (Array.isArray(v)) v.forEach((item, i) => { slots.push([v as never, i]); stack.push(item); });
          else if (v && typeof v === 'object') for (const [k, item] of Object.entries(v)) { slots.push([v as never, k]); stack.push(item); }
        }
        for (let m = 0; m < 2 && slots.length; m++) {
          const [container, key] = slots[Math.floor(rand() * slots.length)]!;
          container[key] = junk[Math.floor(rand() * junk.length)];
        }
        const result = readFlow(copy);
        expect(result.issues.every((i) => i.code !== 'internal_error'), JSON.stringify(result.issues.filter((i) => i.code === 'internal_error'))).toBe(true);
      }
    }
  });
});
