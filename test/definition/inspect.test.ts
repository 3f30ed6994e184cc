import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFlow } from '../../runtime/definition/read.js';
import { inspectFlow, GOFLOW_ISSUE_TYPES, loopsWithoutWait, extractLocalizables, extractTemplates } from '../../runtime/inspect/index.js';
import type { SessionAssets } from '../../runtime/engine/api.js';
import type { Flow } from '../../runtime/definition/types.js';
import { CASES_DIR, FIXTURES_DIR, jsonFiles, readJson } from './fixtures.js';

const DIR = join(FIXTURES_DIR, 'flows-inspect-issues');
const assets = readJson<SessionAssets>(join(DIR, '_assets.json'));

interface IssueCase {
  description: string;
  flow: Record<string, unknown>;
  issues: Record<string, unknown>[];
  no_assets?: boolean;
}

function goflowView(issues: ReturnType<typeof inspectFlow>['issues']) {
  return issues
    .filter((i) => GOFLOW_ISSUE_TYPES.includes(i.type))
    .map(({ type, node_uuid, action_uuid, language, description, dependency, regex, vars }) =>
      JSON.parse(JSON.stringify({ type, node_uuid, action_uuid, language, description, dependency, regex, vars })),
    );
}

describe('goflow inspection issue fixtures', () => {
  for (const file of jsonFiles(DIR).filter((f) => !f.startsWith('_'))) {
    const data = readJson<IssueCase | IssueCase[]>(join(DIR, file));
    const cases = Array.isArray(data) ? data : [data];
    cases.forEach((tc, i) => {
      it(`${file}[${i}] ${tc.description}`, () => {
        const { flow, issues } = readFlow(tc.flow);
        expect(issues.filter((x) => x.severity === 'error')).toEqual([]);
        const info = inspectFlow(flow!, tc.no_assets ? null : assets);
        expect(goflowView(info.issues)).toEqual(tc.issues);
        for (const issue of info.issues) {
          expect(issue.message.startsWith(issue.path + ': ')).toBe(true);
          expect(issue.code).toBe(issue.type);
        }
      });
    });
  }
});

function flowFrom(nodes: unknown[], extra: Record<string, unknown> = {}): Flow {
  const result = readFlow({
    uuid: '76f0a02f-3b75-4b86-9064-e9195e1b3a02', name: 'T', spec_version: '14.4.2', language: 'eng', type: 'messaging',
    localization: {}, nodes, ...extra,
  });
  if (!result.flow) throw new Error(JSON.stringify(result.issues));
  return result.flow;
}

const N1 = '11111111-1111-4111-8111-111111111111';
const N2 = '22222222-2222-4222-8222-222222222222';
const N3 = '33333333-3333-4333-8333-333333333333';
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('Kiunga editor checks', () => {
  it('finds loops that never wait, and not loops that do', () => {
    const spinning = flowFrom([
      { uuid: N1, actions: [{ uuid: uuid(1), type: 'set_run_result', name: 'x', value: '1' }], exits: [{ uuid: uuid(2), destination_uuid: N2 }] },
      { uuid: N2, actions: [], exits: [{ uuid: uuid(3), destination_uuid: N1 }] },
      { uuid: N3, actions: [], exits: [{ uuid: uuid(4), destination_uuid: N3 }] },
    ]);
    expect(loopsWithoutWait(spinning)).toEqual([[N1, N2], [N3]]);
    const issues = inspectFlow(spinning).issues.filter((i) => i.type === 'loop_without_wait');
    expect(issues.map((i) => i.path)).toEqual(['nodes[0]', 'nodes[2]']);

    const waiting = flowFrom([
      { uuid: N1, actions: [], exits: [{ uuid: uuid(2), destination_uuid: N2 }] },
      {
        uuid: N2, actions: [],
        router: { type: 'switch', operand: '@input.text', wait: { type: 'msg' }, cases: [],
          categories: [{ uuid: uuid(5), name: 'All Responses', exit_uuid: uuid(3) }], default_category_uuid: uuid(5) },
        exits: [{ uuid: uuid(3), destination_uuid: N1 }],
      },
    ]);
    expect(loopsWithoutWait(waiting)).toEqual([]);
  });

  it('flags router exits left unconnected when others continue', () => {
    const flow = flowFrom([
      {
        uuid: N1, actions: [],
        router: { type: 'switch', operand: '@input.text', wait: { type: 'msg' },
          cases: [{ uuid: uuid(9), type: 'has_any_word', arguments: ['yes'], category_uuid: uuid(5) }],
          categories: [{ uuid: uuid(5), name: 'Yes', exit_uuid: uuid(3) }, { uuid: uuid(6), name: 'Other', exit_uuid: uuid(4) }],
          default_category_uuid: uuid(6) },
        exits: [{ uuid: uuid(3), destination_uuid: N2 }, { uuid: uuid(4) }],
      },
      { uuid: N2, actions: [], exits: [{ uuid: uuid(7) }] },
    ]);
    const dangling = inspectFlow(flow).issues.filter((i) => i.type === 'dangling_exit');
    expect(dangling).toHaveLength(1);
    expect(dangling[0]!.path).toBe('nodes[0].exits[1]');
    expect(dangling[0]!.message).toContain('"Other"');
    expect(dangling[0]!.severity).toBe('warning');
  });

  it('lists texts missing a translation, per language', () => {
    const flow = flowFrom(
      [{ uuid: N1, actions: [
        { uuid: uuid(1), type: 'send_msg', text: 'Hello', quick_replies: ['Yes', 'No'] },
        { uuid: uuid(2), type: 'send_msg', text: 'Bye' },
      ], exits: [{ uuid: uuid(3) }] }],
      { localization: { fra: { [uuid(1)]: { text: ['Bonjour'] } }, swa: {} } },
    );
    const missing = inspectFlow(flow).issues.filter((i) => i.type === 'missing_translation');
    const summary = missing.map((i) => `${i.language} ${i.path}`);
    expect(summary.sort()).toEqual([
      'fra nodes[0].actions[0].quick_replies[0]', 'fra nodes[0].actions[0].quick_replies[1]', 'fra nodes[0].actions[1].text',
      'swa nodes[0].actions[0].quick_replies[0]', 'swa nodes[0].actions[0].quick_replies[1]', 'swa nodes[0].actions[0].text',
      'swa nodes[0].actions[1].text',
    ]);
  });

  it('does not ask for translations of numbers and number ranges, but does of words', () => {
    const flow = flowFrom([{
      uuid: N1, actions: [],
      router: {
        type: 'switch', operand: '@input.text', wait: { type: 'msg' },
        cases: [
          { uuid: uuid(10), type: 'has_number_between', arguments: ['1', '50'], category_uuid: uuid(20) },
          { uuid: uuid(11), type: 'has_any_word', arguments: ['none'], category_uuid: uuid(21) },
        ],
        categories: [
          { uuid: uuid(20), name: '1 - 50', exit_uuid: uuid(30) },
          { uuid: uuid(21), name: 'None', exit_uuid: uuid(31) },
          { uuid: uuid(22), name: 'Other', exit_uuid: uuid(32) },
        ],
        default_category_uuid: uuid(22),
      },
      exits: [{ uuid: uuid(30) }, { uuid: uuid(31) }, { uuid: uuid(32) }],
    }]);
    const missing = inspectFlow(flow, null, { languages: ['eng', 'fra'] }).issues.filter((i) => i.type === 'missing_translation');
    expect(missing.map((i) => i.path).sort()).toEqual([
      'nodes[0].router.cases[1].arguments[0]', 'nodes[0].router.categories[1].name', 'nodes[0].router.categories[2].name',
    ]);
  });

  it('also checks the workspace languages the flow has no translations for yet', () => {
    const flow = flowFrom([{ uuid: N1, actions: [{ uuid: uuid(1), type: 'send_msg', text: 'Hello' }], exits: [{ uuid: uuid(3) }] }]);
    expect(inspectFlow(flow).issues.filter((i) => i.type === 'missing_translation')).toEqual([]);
    const missing = inspectFlow(flow, null, { languages: ['eng', 'swa'] }).issues.filter((i) => i.type === 'missing_translation');
    expect(missing.map((i) => `${i.language} ${i.path}`)).toEqual(['swa nodes[0].actions[0].text']);
  });

  it('reports results, locals, parent refs and counts', () => {
    const flow = flowFrom([
      { uuid: N1, actions: [
        { uuid: uuid(1), type: 'set_run_local', local: 'counter', value: '1', operation: 'set' },
        { uuid: uuid(2), type: 'send_msg', text: 'Your parent said @parent.results.favorite_color' },
      ],
        router: { type: 'switch', operand: '@input.text', wait: { type: 'msg' }, result_name: 'Favorite Color', cases: [],
          categories: [{ uuid: uuid(5), name: 'All Responses', exit_uuid: uuid(3) }], default_category_uuid: uuid(5) },
        exits: [{ uuid: uuid(3) }] },
    ]);
    const info = inspectFlow(flow);
    expect(info.results).toEqual([{ key: 'favorite_color', name: 'Favorite Color', categories: ['All Responses'], node_uuids: [N1] }]);
    expect(info.locals).toEqual(['counter']);
    expect(info.parent_refs).toEqual(['favorite_color']);
    expect(info.counts).toEqual({ languages: 0, nodes: 1 });
  });

  it('flags expressions that can never work, in base texts and translations', () => {
    const flow = flowFrom(
      [{ uuid: N1, actions: [{ uuid: uuid(1), type: 'send_msg', text: 'Hi @(upper(contact.name)) and @(nope(1))' }], exits: [{ uuid: uuid(3) }] }],
      { localization: { fra: { [uuid(1)]: { text: ['Salut @(1 +)'] } } } },
    );
    const invalid = inspectFlow(flow).issues.filter((i) => i.type === 'invalid_expression');
    expect(invalid.map((i) => `${i.path} ${i.language ?? ''}`.trim())).toEqual([
      'nodes[0].actions[0].text', 'localization.fra["00000000-0000-4000-8000-000000000001"].text[0] fra',
    ]);
    expect(invalid[0]!.message).toContain('nope');
    const valid = flowFrom([{ uuid: N1, actions: [{ uuid: uuid(1), type: 'send_msg', text: 'Hi @(upper(contact.name)) @fields.age' }], exits: [{ uuid: uuid(3) }] }]);
    expect(inspectFlow(valid).issues.filter((i) => i.type === 'invalid_expression')).toEqual([]);
  });
});

describe('legacy_extra', () => {
  it('flags each template reading @legacy_extra, including translations and expressions', () => {
    const flow = flowFrom(
      [{ uuid: N1, actions: [
        { uuid: uuid(1), type: 'send_msg', text: 'Look at @legacy_extra.foo and @legacy_extra.bar' },
        { uuid: uuid(2), type: 'send_email', subject: 'URGENT @(LEGACY_EXTRA.THING)', body: 'Hi', addresses: ['bob@example.com'] },
      ], exits: [{ uuid: uuid(3) }] }],
      { localization: { spa: { [uuid(1)]: { text: ['Mira a @legacy_extra.foo'] } } } },
    );
    const found = inspectFlow(flow).issues.filter((i) => i.type === 'legacy_extra');
    expect(found.map((i) => [i.action_uuid, i.language ?? null, i.description])).toEqual([
      [uuid(1), null, 'use of @legacy_extra in an expression'],
      [uuid(1), 'spa', 'use of @legacy_extra in an expression'],
      [uuid(2), null, 'use of @legacy_extra in an expression'],
    ]);
  });
});

describe('template and localizable extraction on a real flow', () => {
  it('two_questions: same texts, in the same order, as goflow', () => {
    const flow = readFlow(readJson<{ flows: unknown[] }>(join(CASES_DIR, 'two_questions.json')).flows[0]).flow!;
    expect(extractTemplates(flow).map((t) => t.text)).toEqual([
      'Hi @contact.name! What is your favorite color? (red/blue) Your number is @(format_urn(contact.urn))',
      'Quelle est votres couleur preferee? (rouge/blue)', 'Red', 'Blue', '@input.text', 'red', 'rouge', 'blue', 'bleu', 'fra',
      '@(TITLE(results.favorite_color.category_localized)) it is! What is your favorite soda? (pepsi/coke)',
      '@(TITLE(results.favorite_color.category_localized))! Bien sur! Quelle est votes soda preferee? (pepsi/coke)',
      '@input.text', 'pepsi', 'coke coca cola', 'http://localhost/?cmd=success',
      '{ "contact": @(json(contact.uuid)), "soda": @(json(results.soda.value)) }',
      'Great, you are done and like @results.soda.value! Webhook status was @results.webhook.value',
      'Parfait, vous avez finis et tu aimes @results.soda.category',
    ]);
    expect(extractLocalizables(flow).map((t) => t.text)).toEqual([
      'Hi @contact.name! What is your favorite color? (red/blue) Your number is @(format_urn(contact.urn))',
      'Red', 'Blue', 'red', 'blue', 'Red', 'Blue', 'Other', 'No Response',
      '@(TITLE(results.favorite_color.category_localized)) it is! What is your favorite soda? (pepsi/coke)',
      'pepsi', 'coke coca cola', 'Pepsi', 'Coke', 'Other',
      'Great, you are done and like @results.soda.value! Webhook status was @results.webhook.value',
    ]);
    // every text knows where it is
    for (const t of extractTemplates(flow)) expect(t.path).toMatch(/^(nodes|localization)/);
  });
});
