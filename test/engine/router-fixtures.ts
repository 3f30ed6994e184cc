/**
 * Runs goflow's router fixtures (goflow-fixtures/flows-routers/<type>.json): each router is put on the
 * "Router Tester" node of `_assets.json` and run for a contact without groups; the events and the
 * saved results are compared with the entry's (UUIDs/timestamps by position). Entries that goflow
 * refuses to read must be refused by readFlow.
 *
 *   const results = await runRouterFixtures('switch');
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startSession } from '../../runtime/engine/index.js';
import type { Contact, SessionAssets, Trigger } from '../../runtime/engine/api.js';
import { readFlow } from '../../runtime/definition/read.js';
import { collectLiterals, firstDifference, Normalizer } from '../conformance/normalize.js';
import { makeTestServices } from '../conformance/test-services.js';
import type { FixtureResult } from './action-fixtures.js';

export const ROUTER_FIXTURES_DIR = path.resolve(import.meta.dirname, '../../../shared/rapidpro/goflow-fixtures/flows-routers');

interface RouterFixture {
  description: string;
  router: Record<string, unknown>;
  read_error?: string;
  events?: Record<string, unknown>[];
  results?: Record<string, Record<string, unknown>>;
}

const CONTACT: Contact = {
  uuid: '5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f',
  name: 'Ryan Lewis',
  language: 'eng',
  urns: ['tel:+12065551212'],
  created_on: '2018-06-20T11:40:30.123456789Z',
};

export async function runRouterFixtures(type: string): Promise<FixtureResult[]> {
  const baseAssets = JSON.parse(readFileSync(path.join(ROUTER_FIXTURES_DIR, '_assets.json'), 'utf8')) as SessionAssets;
  const fixtures = JSON.parse(readFileSync(path.join(ROUTER_FIXTURES_DIR, `${type}.json`), 'utf8')) as RouterFixture[];
  const out: FixtureResult[] = [];
  for (const f of fixtures) {
    const assets = JSON.parse(JSON.stringify(baseAssets)) as SessionAssets;
    const flow = assets.flows[0] as { uuid: string; name: string; nodes: { router: unknown }[] };
    flow.nodes[0]!.router = f.router;
    if (f.read_error) {
      const read = readFlow(flow);
      out.push(read.flow ? { description: f.description, status: 'fail', reason: `readFlow accepted a router goflow rejects (${f.read_error})` } : { description: f.description, status: 'pass' });
      continue;
    }
    const trigger: Trigger = { type: 'manual', flow: { uuid: flow.uuid, name: flow.name }, contact: CONTACT, triggered_on: '2018-10-18T14:20:30.000123456Z' };
    const services = makeTestServices();
    // goflow's seeded generator can't be reproduced here: feed the router the number goflow drew
    const drawn = Object.values(f.results ?? {}).map((r) => Number(r.input)).find((n) => Number.isFinite(n));
    if (f.router.type === 'random' && drawn !== undefined) services.random = { next: () => drawn };
    const literals = collectLiterals(assets, trigger);
    try {
      const result = await startSession({ assets, trigger, services });
      const run = result.session.runs[0] as { uuid: string; results: Record<string, Record<string, unknown>> };
      const events = result.events.filter((e) => !((e.type === 'run_started' || e.type === 'run_ended') && e.run_uuid === run.uuid));
      const pick = (rs: Record<string, Record<string, unknown>>) =>
        Object.fromEntries(Object.entries(rs).map(([k, r]) => [k, { name: r.name, value: r.value, category: r.category, input: r.input ?? r.value }]));
      const diff = firstDifference(
        new Normalizer(literals).normalize({ events: f.events ?? [], results: pick(f.results ?? {}) }),
        new Normalizer(literals).normalize({ events, results: pick(run.results) }),
      );
      out.push(diff ? { description: f.description, status: 'fail', reason: diff } : { description: f.description, status: 'pass' });
    } catch (err) {
      out.push({ description: f.description, status: 'fail', reason: `engine error: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  return out;
}
