/**
 * The numbers of a flow's results page, computed from its runs (pure: no database):
 * - totals and rates: runs started, that got at least one reply (responded), that completed;
 * - drop-off per node: how many runs reached it, how many are waiting there now, how many ended there
 *   without completing (expired, interrupted, failed) — the canvas shows the last two;
 * - per question: categories with counts (bars or pie) and, for numeric questions, histogram buckets;
 * - breakdown by region, district, facility and cadre: runs, responded and completed per value;
 * - runs started per day.
 *
 * Example:
 *   summarizeResults(flow, runs)
 *   // { totals: { runs: 10, responded: 8, completed: 6, waiting: 2, ended: 2 }, rates: { response: 0.8, completion: 0.6 },
 *   //   dropOff: [{ nodeUuid: 'n2', label: 'Age', reached: 8, waiting: 2, stopped: 1 }],
 *   //   questions: [{ key: 'age', name: 'Age', type: 'integer', responses: 6, categories: [...], histogram: [...] }],
 *   //   breakdowns: { district: [{ value: 'Kilifi', runs: 6, responded: 5, completed: 4 }], … }, daily: [{ day: '2026-11-25', runs: 10 }] }
 */
import type { FlowQuestion } from '../../runtime/fhir/flow-questions.js';
import { TARGET_DIMENSIONS, type TargetDimension } from '../targeting/dimensions.js';
import type { ResultsFlow } from './flow-definition.js';
import type { ResultRun } from './flow-runs.js';
import { histogram, type Bucket } from './histogram.js';

/** Example: `{ nodeUuid: 'n2', label: 'Age', reached: 8, waiting: 2, stopped: 1 }`. */
export interface NodeDropOff {
  nodeUuid: string;
  label: string;
  reached: number;
  /** Runs waiting at this node now. */
  waiting: number;
  /** Runs that ended here without completing. */
  stopped: number;
}

/** Example: `{ name: 'Yes', count: 12 }`. */
export interface CategoryCount {
  name: string;
  count: number;
}

/** Example: see the module comment. */
export interface QuestionSummary {
  key: string;
  name: string;
  type: FlowQuestion['type'];
  nodeUuid: string;
  responses: number;
  categories: CategoryCount[];
  /** Buckets of the numeric answers (numeric questions only). */
  histogram: Bucket[] | null;
  /** Mean of the numeric answers (numeric questions only). */
  mean: number | null;
}

/** Example: `{ value: 'Kilifi', runs: 6, responded: 5, completed: 4 }`. */
export interface BreakdownRow {
  value: string;
  runs: number;
  responded: number;
  completed: number;
}

/** Example: see the module comment. */
export interface ResultsSummary {
  flow: { id: string; uuid: string; name: string };
  totals: { runs: number; responded: number; completed: number; waiting: number; ended: number };
  rates: { response: number; completion: number };
  dropOff: NodeDropOff[];
  questions: QuestionSummary[];
  breakdowns: Record<TargetDimension, BreakdownRow[]>;
  daily: { day: string; runs: number }[];
}

/**
 * A run responded when at least one of its results came from what the contact sent: a result carrying the
 * input, or saved by a node that waits for a message and not in that node's timeout category ("No Response").
 */
export function responded(run: ResultRun, waitNodes: ResultsFlow['waitNodes']): boolean {
  return Object.values(run.results).some((r) => {
    if (r.input != null && String(r.input) !== '') return true;
    if (!(r.node_uuid in waitNodes)) return false;
    return r.category !== waitNodes[r.node_uuid];
  });
}

const NUMERIC = /^-?\d+(\.\d+)?$/;
const NOT_SET = '(not set)';

export function summarizeResults(flow: ResultsFlow, runs: ResultRun[]): ResultsSummary {
  const totals = { runs: runs.length, responded: 0, completed: 0, waiting: 0, ended: 0 };
  const nodes = new Map<string, NodeDropOff>();
  const node = (uuid: string): NodeDropOff => {
    let entry = nodes.get(uuid);
    if (!entry) nodes.set(uuid, (entry = { nodeUuid: uuid, label: flow.nodeLabels[uuid] ?? uuid.slice(0, 8), reached: 0, waiting: 0, stopped: 0 }));
    return entry;
  };
  const breakdowns = Object.fromEntries(TARGET_DIMENSIONS.map((d) => [d, new Map<string, BreakdownRow>()])) as Record<TargetDimension, Map<string, BreakdownRow>>;
  const daily = new Map<string, number>();

  for (const run of runs) {
    const didRespond = responded(run, flow.waitNodes);
    const completed = run.status === 'completed';
    if (didRespond) totals.responded++;
    if (completed) totals.completed++;
    const waiting = run.status === 'waiting' || run.status === 'active';
    if (waiting) totals.waiting++;
    else if (!completed) totals.ended++;

    for (const uuid of new Set(run.path)) node(uuid).reached++;
    const last = run.path.at(-1);
    if (last && waiting) node(last).waiting++;
    else if (last && !completed) node(last).stopped++;

    for (const dimension of TARGET_DIMENSIONS) {
      const value = run.contact.fields[dimension] ?? NOT_SET;
      const map = breakdowns[dimension];
      let row = map.get(value);
      if (!row) map.set(value, (row = { value, runs: 0, responded: 0, completed: 0 }));
      row.runs++;
      if (didRespond) row.responded++;
      if (completed) row.completed++;
    }
    const day = run.createdAt.slice(0, 10);
    daily.set(day, (daily.get(day) ?? 0) + 1);
  }

  const order = new Map(flow.nodeOrder.map((uuid, i) => [uuid, i]));
  return {
    flow: { id: flow.id, uuid: flow.uuid, name: flow.name },
    totals,
    rates: { response: ratio(totals.responded, totals.runs), completion: ratio(totals.completed, totals.runs) },
    dropOff: [...nodes.values()].sort((a, b) => (order.get(a.nodeUuid) ?? 1e9) - (order.get(b.nodeUuid) ?? 1e9)),
    questions: flow.questions.map((q) => summarizeQuestion(q, runs)),
    breakdowns: Object.fromEntries(
      TARGET_DIMENSIONS.map((d) => [d, [...breakdowns[d].values()].sort((a, b) => b.runs - a.runs || a.value.localeCompare(b.value))]),
    ) as Record<TargetDimension, BreakdownRow[]>,
    daily: [...daily.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, n]) => ({ day, runs: n })),
  };
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 1000;
}

function summarizeQuestion(question: FlowQuestion, runs: ResultRun[]): QuestionSummary {
  const counts = new Map<string, number>();
  // the flow's own category order first (options), then whatever else was answered
  for (const option of question.options ?? []) counts.set(option.display, 0);
  const numbers: number[] = [];
  let responses = 0;
  for (const run of runs) {
    const result = run.results[question.key];
    if (!result) continue;
    responses++;
    const category = result.category || result.value || NOT_SET;
    counts.set(category, (counts.get(category) ?? 0) + 1);
    const value = String(result.value ?? '').trim();
    if (NUMERIC.test(value)) numbers.push(Number(value));
  }
  const numeric = question.type === 'decimal' || question.type === 'integer';
  return {
    key: question.key,
    name: question.name,
    type: question.type,
    nodeUuid: question.nodeUuid,
    responses,
    categories: [...counts.entries()].map(([name, count]) => ({ name, count })),
    histogram: numeric ? histogram(numbers) : null,
    mean: numeric && numbers.length ? Math.round((numbers.reduce((a, b) => a + b, 0) / numbers.length) * 100) / 100 : null,
  };
}
