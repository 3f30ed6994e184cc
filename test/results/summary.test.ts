/**
 * The pure results summary: what counts as a response when the engine saved no input (a wait node's
 * category other than its timeout), and numeric vs category questions.
 */
import { describe, expect, it } from 'vitest';
import type { ResultsFlow } from '../../server/results/flow-definition.js';
import type { ResultRun } from '../../server/results/flow-runs.js';
import { responded, summarizeResults } from '../../server/results/summary.js';

const flow: ResultsFlow = {
  id: 'f1', uuid: 'u1', name: 'Check', language: 'eng', definition: { uuid: 'u1', name: 'Check', nodes: [] } as never,
  questions: [
    { key: 'fever', name: 'Fever', type: 'choice', nodeUuid: 'n1', options: [{ code: 'yes', display: 'Yes' }, { code: 'no', display: 'No' }] },
    { key: 'cases', name: 'Cases', type: 'integer', nodeUuid: 'n2' },
  ],
  nodeLabels: { n1: 'Fever', n2: 'Cases' },
  nodeOrder: ['n1', 'n2'],
  waitNodes: { n1: 'No Response', n2: null },
};

function run(status: ResultRun['status'], results: Record<string, { value: string; category: string; node_uuid: string }>, path: string[]): ResultRun {
  const full = Object.fromEntries(Object.entries(results).map(([k, r]) => [k, { ...r, name: k, created_on: '2026-11-25T10:00:00Z' }]));
  return { uuid: `r-${Math.random()}`, status, createdAt: '2026-11-25T10:00:00Z', exitedAt: null, results: full, path, contact: { uuid: 'c', name: null, urn: null, fhirRef: null, fields: {} } };
}

describe('summarizeResults', () => {
  it('counts a wait answer without input as a response, but not a timeout', () => {
    const answered = run('completed', { fever: { value: 'yes', category: 'Yes', node_uuid: 'n1' } }, ['n1', 'n2']);
    const timedOut = run('completed', { fever: { value: '', category: 'No Response', node_uuid: 'n1' } }, ['n1']);
    const computed = run('completed', { extra: { value: '3', category: '', node_uuid: 'n9' } }, ['n1']);
    expect(responded(answered, flow.waitNodes)).toBe(true);
    expect(responded(timedOut, flow.waitNodes)).toBe(false);
    expect(responded(computed, flow.waitNodes)).toBe(false);
  });

  it('keeps the flow category order, adds unexpected ones, and buckets numbers', () => {
    const runs = [
      run('completed', { fever: { value: 'no', category: 'No', node_uuid: 'n1' }, cases: { value: '4', category: 'Number', node_uuid: 'n2' } }, ['n1', 'n2']),
      run('completed', { fever: { value: 'maybe', category: 'Other', node_uuid: 'n1' }, cases: { value: '6', category: 'Number', node_uuid: 'n2' } }, ['n1', 'n2']),
      run('interrupted', {}, ['n1']),
    ];
    const s = summarizeResults(flow, runs);
    expect(s.questions[0]!.categories).toEqual([{ name: 'Yes', count: 0 }, { name: 'No', count: 1 }, { name: 'Other', count: 1 }]);
    expect(s.questions[0]!.histogram).toBeNull();
    expect(s.questions[1]!.histogram).toEqual([{ from: 4, to: 5, count: 1 }, { from: 5, to: 6, count: 0 }, { from: 6, to: 7, count: 1 }]);
    expect(s.questions[1]!.mean).toBe(5);
    expect(s.totals).toEqual({ runs: 3, responded: 2, completed: 2, waiting: 0, ended: 1 });
    expect(s.dropOff[0]).toMatchObject({ nodeUuid: 'n1', reached: 3, stopped: 1 });
    expect(s.breakdowns.district).toEqual([{ value: '(not set)', runs: 3, responded: 2, completed: 2 }]);
  });
});
