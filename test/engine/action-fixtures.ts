/**
 * Runs goflow's per-action fixtures (goflow-fixtures/flows-actions/<type>.json) through the engine, the
 * way goflow's own action test does: the action is put in the "Action Tester" flow of `_assets.json`, run
 * for Ryan Lewis (tel + twitterid URNs, Spanish when the entry has a localization) with a "Hi everybody"
 * message trigger unless `no_input`; the events the action produced are compared with the entry's, UUIDs
 * and timestamps by position (see docs/conformance.md).
 *
 *   const results = await runActionFixtures('send_msg');  // [{ description, status: 'pass' | 'fail' | 'skip', reason? }]
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { startSession } from '../../runtime/engine/index.js';
import type { Contact, SessionAssets, Trigger } from '../../runtime/engine/api.js';
import { ACTIONS } from '../../runtime/actions/registry.js';
import { formatTimestamp } from '../../runtime/engine/timestamps.js';
import { collectLiterals, firstDifference, Normalizer } from '../conformance/normalize.js';
import { makeTestServices, type HttpMock } from '../conformance/test-services.js';

export const FIXTURES_DIR = path.resolve(import.meta.dirname, '../../../shared/rapidpro/goflow-fixtures/flows-actions');

interface ActionFixture {
  description: string;
  action: Record<string, unknown>;
  events?: Record<string, unknown>[];
  read_error?: string;
  http_mocks?: Record<string, HttpMock[]>;
  contact?: Contact;
  no_input?: boolean;
  no_urns?: boolean;
  as_batch?: boolean;
  redact_urns?: boolean;
  localization?: Record<string, unknown>;
  in_flow_type?: string;
  smtp_error?: string;
}

export interface FixtureResult {
  description: string;
  status: 'pass' | 'fail' | 'skip';
  reason?: string;
}

const RYAN: Contact = {
  uuid: '5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f',
  name: 'Ryan Lewis',
  language: 'eng',
  timezone: 'America/Guayaquil',
  urns: [],
  groups: [
    { uuid: 'b7cf0d83-f1c9-411c-96fd-c511a4cfa86d', name: 'Testers' },
    { uuid: '0ec97956-c451-48a0-a180-1ce766623e31', name: 'Males' },
  ],
  fields: { gender: { text: 'Male' } },
  created_on: '2018-06-20T11:40:30.123456789-00:00',
};

/** Why an entry can't be checked by Kiunga's engine (features it deliberately doesn't have), or null. */
function skipReason(f: ActionFixture): string | null {
  if (f.smtp_error) return 'email delivery is done by the server, the engine only records email_sent';
  if (String(f.action.text ?? '').includes('FORBIDDEN')) return "goflow's test engine blocks this word; Kiunga has no content filter";
  return null;
}

export async function runActionFixtures(type: string): Promise<FixtureResult[]> {
  const file = path.join(FIXTURES_DIR, `${type}.json`);
  const baseAssets = JSON.parse(readFileSync(path.join(FIXTURES_DIR, '_assets.json'), 'utf8')) as SessionAssets;
  const fixtures = JSON.parse(readFileSync(file, 'utf8')) as ActionFixture[];
  const spec = ACTIONS[type];
  if (!spec) throw new Error(`no action type '${type}' in the registry`);
  const results: FixtureResult[] = [];
  for (const f of fixtures) {
    if (f.read_error) {
      const parsed = spec.schema.safeParse(f.action);
      results.push(parsed.success ? { description: f.description, status: 'fail', reason: `schema accepted an action goflow rejects (${f.read_error})` } : { description: f.description, status: 'pass' });
      continue;
    }
    const skip = skipReason(f);
    if (skip) {
      results.push({ description: f.description, status: 'skip', reason: skip });
      continue;
    }
    results.push({ description: f.description, ...(await runOne(baseAssets, f)) });
  }
  return results;
}

async function runOne(baseAssets: SessionAssets, f: ActionFixture): Promise<{ status: 'pass' | 'fail'; reason?: string }> {
  const assets = JSON.parse(JSON.stringify(baseAssets)) as SessionAssets;
  const flow = assets.flows[0] as { uuid: string; name: string; nodes: { actions: unknown[] }[]; localization: unknown };
  flow.nodes[0]!.actions = [f.action];
  if (f.localization) flow.localization = f.localization;

  const contact: Contact = JSON.parse(JSON.stringify(f.contact ?? RYAN));
  if (!f.contact) contact.urns = ['tel:+12065551212?channel=57f1078f-88aa-46f4-a59a-948a5739c03d', 'twitterid:54784326227#nyaruka'];
  if (f.localization) contact.language = 'spa';
  const environment = { allowed_languages: ['eng', 'spa'], default_country: 'RW', ...(f.redact_urns ? { redaction_policy: 'urns' as const } : {}) };
  const trigger: Trigger = {
    type: f.no_input || f.as_batch ? 'manual' : 'msg',
    flow: { uuid: flow.uuid, name: flow.name },
    contact,
    environment,
    triggered_on: '2018-10-18T14:20:30.000123456Z',
    ...(f.as_batch ? { batch: true } : {}),
    ...(f.no_input || f.as_batch
      ? {}
      : {
          msg: {
            urn: 'tel:+12065551212',
            text: 'Hi everybody',
            attachments: ['image/jpeg:http://http://s3.amazon.com/bucket/test.jpg', 'audio/mp3:http://s3.amazon.com/bucket/test.mp3'],
          },
        }),
  };
  const services = makeTestServices(f.http_mocks);
  const literals = collectLiterals(assets, f.action, contact, trigger, f.http_mocks);
  // goflow's harness creates the incoming message first, so it takes the first generated UUID
  if (trigger.msg) {
    trigger.msg.uuid = services.ids.uuid();
    (trigger.msg as { created_on?: string }).created_on = formatTimestamp(services.clock.now());
  }
  let events: Record<string, unknown>[];
  try {
    const result = await startSession({ assets, trigger, environment, services, userAgent: 'goflow-testing' });
    const mainRun = (result.session.runs[0] as { uuid: string }).uuid;
    events = result.events.filter(
      (e) => !((e.type === 'run_started' || e.type === 'run_ended') && e.run_uuid === mainRun),
    ) as Record<string, unknown>[];
  } catch (err) {
    return { status: 'fail', reason: `engine error: ${err instanceof Error ? err.message : String(err)}` };
  }
  const diff = firstDifference(new Normalizer(literals).normalize(f.events ?? []), new Normalizer(literals).normalize(events), 'events');
  return diff ? { status: 'fail', reason: diff } : { status: 'pass' };
}

export function fixturesAvailable(): boolean {
  return existsSync(FIXTURES_DIR);
}
