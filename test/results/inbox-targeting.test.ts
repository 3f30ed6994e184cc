/**
 * The inbox API (list of messages no flow handled, search, labels, archive, reply through the outbox) and
 * the targeting API (dimension values and groups with counts, recipient previews, the picker's query builder).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../server/db/ids.js';
import { equalsClause, targetsFromChoices } from '../../server/targeting/query-builder.js';
import { createTestEnv, outcome, type TestEnv } from '../server/helpers.js';
import { seedLoopbackChannel } from '../messaging/seed.js';
import { seedContact } from './seed.js';

let env: TestEnv;
let ws: string;

beforeEach(async () => {
  env = await createTestEnv();
  ws = env.workspaces.A;
});

afterEach(async () => {
  await env.close();
});

async function inbound(contactId: string, text: string, options: { session?: boolean; channelId?: string; attachments?: string[] } = {}): Promise<string> {
  const id = newId();
  const now = new Date().toISOString();
  const urn = await env.db.selectFrom('contact_urns').select('id').where('contact_id', '=', contactId).executeTakeFirstOrThrow();
  let sessionId: string | null = null;
  if (options.session) {
    sessionId = newId();
    await env.db.insertInto('sessions').values({ id: sessionId, workspace_id: ws, uuid: newId(), contact_id: contactId, status: 'completed', state: '{}', current_flow_id: null, simulated: 0, created_at: now, updated_at: now, ended_at: now }).execute();
  }
  await env.db.insertInto('messages').values({
    id, workspace_id: ws, uuid: newId(), contact_id: contactId, contact_urn_id: urn.id, channel_id: options.channelId ?? null, direction: 'in', text,
    attachments: JSON.stringify(options.attachments ?? []), quick_replies: '[]', status: 'handled', provider_id: null, external_id: null, session_id: sessionId,
    broadcast_id: null, flow_start_id: null, priority: 1, segments: 1, error: null, attempts: 0, next_attempt_at: null, created_at: now, updated_at: now, sent_at: null, delivered_at: null,
  }).execute();
  return id;
}

describe('inbox', () => {
  it('lists unhandled messages, searches, labels, archives and replies', async () => {
    const channel = await seedLoopbackChannel(env.db, ws, 'http://127.0.0.1:9/send');
    const amina = await seedContact(env.db, ws, { name: 'Amina', phone: '+254700000001', district: 'Kilifi' });
    const baraka = await seedContact(env.db, ws, { name: 'Baraka', phone: '+254700000002' });
    const stockout = await inbound(amina.id, 'No ORS left at the dispensary', { channelId: channel.id, attachments: ['image/jpeg:https://media.example.org/shelf.jpg'] });
    await inbound(baraka.id, 'When is the next training?', { channelId: channel.id });
    await inbound(baraka.id, 'yes', { session: true, channelId: channel.id }); // a flow handled it: not in the inbox

    const editor = env.caller('A', 'editor');
    const all = await editor.inbox.list({});
    expect(all.map((m) => m.text)).toEqual(['When is the next training?', 'No ORS left at the dispensary']);
    expect(all[1]!.attachments).toEqual([{ contentType: 'image/jpeg', url: 'https://media.example.org/shelf.jpg' }]);
    expect((await editor.inbox.list({ search: 'ors' })).map((m) => m.id)).toEqual([stockout]);
    expect((await editor.inbox.list({ search: '+254700000002' })).length).toBe(1);

    const label = await editor.inbox.createLabel({ name: 'Stock-out' });
    expect(await outcome(editor.inbox.createLabel({ name: 'stock-out' }))).toBe('BAD_REQUEST');
    await editor.inbox.label({ messageId: stockout, labelUuid: label.uuid, on: true });
    await editor.inbox.label({ messageId: stockout, labelUuid: label.uuid, on: true });
    expect(await editor.inbox.labels()).toEqual([{ uuid: label.uuid, name: 'Stock-out', count: 1 }]);
    const labelled = await editor.inbox.list({ label: label.uuid });
    expect(labelled.map((m) => m.id)).toEqual([stockout]);
    expect(labelled[0]!.labels).toEqual([{ uuid: label.uuid, name: 'Stock-out' }]);

    const reply = await editor.inbox.reply({ messageId: stockout, text: 'Thanks Amina, a delivery is on its way' });
    const out = await env.db.selectFrom('messages').selectAll().where('id', '=', reply.id).executeTakeFirstOrThrow();
    expect(out).toMatchObject({ direction: 'out', status: 'queued', priority: 1, channel_id: channel.id, contact_id: amina.id, text: 'Thanks Amina, a delivery is on its way' });
    expect((await editor.inbox.list({ search: 'ORS' }))[0]!.replies.map((r) => r.text)).toEqual(['Thanks Amina, a delivery is on its way']);
    expect(await outcome(editor.inbox.reply({ messageId: stockout, text: '   ' }))).toBe('BAD_REQUEST');

    await editor.inbox.archive({ messageId: stockout, archived: true });
    expect((await editor.inbox.list({})).map((m) => m.id)).not.toContain(stockout);
    expect((await editor.inbox.list({ view: 'archived' })).map((m) => m.id)).toEqual([stockout]);
    await editor.inbox.archive({ messageId: stockout, archived: false });
    expect((await editor.inbox.list({})).map((m) => m.id)).toContain(stockout);
  });

  it('refuses viewers, other workspaces and stopped contacts', async () => {
    const amina = await seedContact(env.db, ws, { name: 'Amina', phone: '+254700000001', status: 'stopped' });
    const id = await inbound(amina.id, 'STOP');
    expect(await outcome(env.caller('A', 'viewer').inbox.reply({ messageId: id, text: 'hello' }))).toBe('FORBIDDEN');
    expect(await outcome(env.caller('B', 'editor').inbox.archive({ messageId: id, archived: true }))).toBe('NOT_FOUND');
    expect(await outcome(env.caller('A', 'editor').inbox.reply({ messageId: id, text: 'hello' }))).toBe('BAD_REQUEST');
    expect(await env.caller('B', 'editor').inbox.list({})).toEqual([]);
  });
});

describe('targeting', () => {
  it('lists dimension values and groups with active counts, and previews recipients', async () => {
    const a = await seedContact(env.db, ws, { name: 'A', phone: '+254700000001', region: 'Coast', district: 'Kilifi', facility: 'Kilifi CH', cadre: 'Nurse' });
    await seedContact(env.db, ws, { name: 'B', phone: '+254700000002', region: 'Coast', district: 'Kilifi', facility: 'Malindi SCH', cadre: 'Midwife' });
    await seedContact(env.db, ws, { name: 'C', phone: '+254700000003', region: 'Coast', district: 'Kilifi', cadre: 'Nurse', status: 'stopped' });
    await seedContact(env.db, ws, { name: 'D', phone: '+254700000004', region: 'Central', district: 'Nyeri', cadre: 'Nurse' });
    const group = await env.caller('A', 'editor').groups.create({ name: 'Trainers' });
    await env.db.insertInto('group_members').values({ group_id: (await env.db.selectFrom('groups').select('id').where('uuid', '=', group.uuid).executeTakeFirstOrThrow()).id, contact_id: a.id, created_at: new Date().toISOString() }).execute();

    const viewer = env.caller('A', 'viewer');
    const options = await viewer.targeting.options();
    expect(options.dimensions.district).toEqual([{ value: 'Kilifi', count: 2 }, { value: 'Nyeri', count: 1 }]);
    expect(options.dimensions.cadre[0]).toEqual({ value: 'Nurse', count: 2 });
    expect(options.groups).toEqual([{ uuid: group.uuid, name: 'Trainers', count: 1 }]);
    expect(options.contacts).toEqual({ active: 3, inactive: 1 });

    expect(await viewer.targeting.preview({ targets: { query: 'district = "Kilifi"' } })).toEqual({ matched: 3, active: 2 });
    const nursesInKilifi = targetsFromChoices({ filters: { district: 'Kilifi', cadre: 'Nurse' }, groups: [], query: '' })!;
    expect(await viewer.targeting.preview({ targets: nursesInKilifi })).toEqual({ matched: 2, active: 1 });
    expect(await viewer.targeting.preview({ targets: { groups: [group.uuid], query: 'district = Nyeri' } })).toEqual({ matched: 2, active: 2 });
    expect(await outcome(viewer.targeting.preview({ targets: { query: 'district Kilifi' } }))).toBe('BAD_REQUEST');
    expect(await outcome(viewer.targeting.preview({ targets: {} }))).toBe('BAD_REQUEST');
    expect((await env.caller('B', 'viewer').targeting.options()).dimensions.district).toEqual([]);
  });

  it('builds queries the recipients language can read, refusing values it cannot', () => {
    expect(targetsFromChoices({ filters: { district: 'Kilifi', cadre: '' }, groups: ['g1'], query: ' language = fra ' })).toEqual({ groups: ['g1'], query: 'district = "Kilifi" AND language = fra' });
    expect(targetsFromChoices({ filters: {}, groups: [], query: '' })).toBeNull();
    expect(equalsClause('facility', 'The "New" Clinic')).toBe(`facility = 'The "New" Clinic'`);
    expect(() => equalsClause('facility', `St. Mary's "New"`)).toThrow(/both kinds of quotes/);
    expect(equalsClause('facility', 'Mother and Child Hospital')).toBe('facility = "Mother and Child Hospital"');
  });
});
