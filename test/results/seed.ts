/**
 * Seeds a workspace for the results tests: a small survey flow (a numeric question "Age" and a choice
 * question "Stock" with Yes/No), contacts with the fields FHIR sync writes (region, district, facility,
 * cadre), and runs with their sessions, as the messaging loop would have written them.
 *
 * Example:
 *   const flowId = await seedSurveyFlow(env.db, ws);
 *   const contact = await seedContact(env.db, ws, { name: 'Amina', district: 'Kilifi', … });
 *   await seedRun(env.db, ws, flowId, contact, { status: 'completed', results: { age: ['34'], stock: ['yes', 'Yes'] }, path: [AGE_NODE, STOCK_NODE] });
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.js';
import { newId } from '../../server/db/ids.js';

export const FLOW_UUID = 'a3d8e5f2-6c1b-4f7a-9e2d-1b2c3d4e5f60';
export const AGE_NODE = '11111111-1111-4111-8111-111111111111';
export const STOCK_NODE = '22222222-2222-4222-8222-222222222222';
export const END_NODE = '33333333-3333-4333-8333-333333333333';

function numberRouter() {
  return {
    type: 'switch', operand: '@input.text', result_name: 'Age', default_category_uuid: 'c-age-other',
    wait: { type: 'msg' },
    cases: [{ uuid: 'k-age', type: 'has_number_between', arguments: ['0', '120'], category_uuid: 'c-age-ok' }],
    categories: [{ uuid: 'c-age-ok', name: 'Valid', exit_uuid: 'e-age-ok' }, { uuid: 'c-age-other', name: 'Other', exit_uuid: 'e-age-other' }],
  };
}

export function surveyDefinition() {
  return {
    uuid: FLOW_UUID, name: 'Rapid survey', spec_version: '14.4.2', language: 'eng', type: 'messaging', revision: 1, expire_after_minutes: 60, localization: {},
    nodes: [
      { uuid: AGE_NODE, actions: [{ uuid: 'a1', type: 'send_msg', text: 'How old are you?' }], router: numberRouter(),
        exits: [{ uuid: 'e-age-ok', destination_uuid: STOCK_NODE }, { uuid: 'e-age-other', destination_uuid: AGE_NODE }] },
      { uuid: STOCK_NODE, actions: [{ uuid: 'a2', type: 'send_msg', text: 'Do you have ORS in stock?' }],
        router: {
          type: 'switch', operand: '@input.text', result_name: 'Stock', default_category_uuid: 'c-other', wait: { type: 'msg' },
          cases: [{ uuid: 'k-yes', type: 'has_any_word', arguments: ['yes'], category_uuid: 'c-yes' }, { uuid: 'k-no', type: 'has_any_word', arguments: ['no'], category_uuid: 'c-no' }],
          categories: [{ uuid: 'c-yes', name: 'Yes', exit_uuid: 'e-yes' }, { uuid: 'c-no', name: 'No', exit_uuid: 'e-no' }, { uuid: 'c-other', name: 'Other', exit_uuid: 'e-other' }],
        },
        exits: [{ uuid: 'e-yes', destination_uuid: END_NODE }, { uuid: 'e-no', destination_uuid: END_NODE }, { uuid: 'e-other', destination_uuid: END_NODE }] },
      { uuid: END_NODE, actions: [{ uuid: 'a3', type: 'send_msg', text: 'Thank you' }], exits: [{ uuid: 'e-end', destination_uuid: null }] },
    ],
  };
}

export async function seedSurveyFlow(db: Kysely<Database>, workspaceId: string): Promise<string> {
  const id = newId();
  const now = new Date().toISOString();
  await db.insertInto('flows').values({ id, workspace_id: workspaceId, uuid: FLOW_UUID, name: 'Rapid survey', type: 'messaging', archived: 0, created_at: now, updated_at: now }).execute();
  await db.insertInto('flow_revisions').values({
    id: newId(), flow_id: id, workspace_id: workspaceId, revision: 1, definition: JSON.stringify(surveyDefinition()), spec_version: '14.4.2',
    status: 'published', created_by: null, created_at: now, comment: null,
  }).execute();
  return id;
}

/** Example: `{ name: 'Amina', phone: '+254700000001', region: 'Coast', district: 'Kilifi', facility: 'Kilifi CH', cadre: 'Nurse' }`. */
export interface SeedContact {
  name: string;
  phone: string;
  status?: 'active' | 'stopped' | 'archived';
  region?: string;
  district?: string;
  facility?: string;
  cadre?: string;
  fhirRef?: string;
}

export async function seedContact(db: Kysely<Database>, workspaceId: string, c: SeedContact): Promise<{ id: string; uuid: string }> {
  const id = newId();
  const uuid = newId();
  const now = new Date().toISOString();
  const fields: Record<string, string> = {};
  for (const key of ['region', 'district', 'facility', 'cadre'] as const) if (c[key]) fields[key] = c[key]!;
  await db.insertInto('contacts').values({
    id, workspace_id: workspaceId, uuid, name: c.name, language: 'eng', timezone: null, status: c.status ?? 'active', fields: JSON.stringify(fields),
    last_seen_at: null, fhir_ref: c.fhirRef ?? null, created_at: now, updated_at: now,
  }).execute();
  await db.insertInto('contact_urns').values({ id: newId(), workspace_id: workspaceId, contact_id: id, scheme: 'tel', path: c.phone, identity: `tel:${c.phone}`, priority: 0, channel_id: null, created_at: now }).execute();
  return { id, uuid };
}

/** Results to seed: key → [value, category?]. Example: `{ age: ['34'], stock: ['yes please', 'Yes'] }`. */
export async function seedRun(
  db: Kysely<Database>,
  workspaceId: string,
  flowId: string,
  contact: { id: string },
  run: { status: string; results: Record<string, [string, string?]>; path: string[]; createdAt?: string; simulated?: boolean },
): Promise<string> {
  const createdAt = run.createdAt ?? new Date().toISOString();
  const sessionId = newId();
  await db.insertInto('sessions').values({
    id: sessionId, workspace_id: workspaceId, uuid: newId(), contact_id: contact.id, status: run.status === 'waiting' ? 'waiting' : 'completed', state: '{}',
    current_flow_id: flowId, simulated: run.simulated ? 1 : 0, created_at: createdAt, updated_at: createdAt, ended_at: null,
  }).execute();
  const nodeOf: Record<string, string> = { age: AGE_NODE, stock: STOCK_NODE };
  const results: Record<string, unknown> = {};
  for (const [key, [value, category]] of Object.entries(run.results)) {
    results[key] = { name: key === 'age' ? 'Age' : 'Stock', value, category: category ?? (key === 'age' ? 'Valid' : ''), node_uuid: nodeOf[key], input: value, created_on: createdAt };
  }
  const uuid = newId();
  await db.insertInto('runs').values({
    id: newId(), workspace_id: workspaceId, uuid, session_id: sessionId, flow_id: flowId, contact_id: contact.id, status: run.status,
    results: JSON.stringify(results), path: JSON.stringify(run.path.map((node) => ({ uuid: newId(), node_uuid: node, arrived_on: createdAt }))),
    created_at: createdAt, updated_at: createdAt, exited_at: run.status === 'waiting' ? null : createdAt,
  }).execute();
  return uuid;
}
