/**
 * Broadcasts, flow starts and schedules: batches with a durable cursor, skipped contacts,
 * translations, cancel, exactly-once one-time schedules, recurrence in the workspace time zone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { broadcastCounts, cancelBroadcast, createBroadcast, processBroadcastBatch } from '../../server/messaging/broadcasts.js';
import { createFlowStart, processFlowStartBatch } from '../../server/messaging/flow-starts.js';
import { compileQuery, countRecipients, parseTargets } from '../../server/messaging/recipients.js';
import { nextFire } from '../../server/messaging/recurrence.js';
import { createSchedule, fireDueSchedules } from '../../server/messaging/schedules.js';
import { quietHoursEnd } from '../../server/messaging/quiet-hours.js';
import { first, run, sqlForDialect } from '../../server/messaging/sql.js';
import { OutboxSender } from '../../server/jobs/outbox-sender.js';
import { createMessagingEnv, type MessagingEnv } from './harness.js';
import { twoQuestionFlow } from './flows.js';
import { phoneOf, seedContacts, seedFlow, seedGroup } from './seed.js';

let env: MessagingEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe('broadcasts', () => {
  it('writes the outbox in batches with a cursor, skipping stopped and blocked contacts, in each contact’s language', async () => {
    env = await createMessagingEnv();
    const { groupId, groupUuid } = await seedGroup(env.db, env.workspaceId, 'All');
    await seedContacts(env.db, env.workspaceId, 1200, { groupId, language: (i) => (i % 2 ? 'fra' : 'eng') });
    await seedContacts(env.db, env.workspaceId, 5, { groupId, status: 'stopped', start: 5000 });
    await seedContacts(env.db, env.workspaceId, 3, { groupId, status: 'blocked', start: 6000 });
    await seedContacts(env.db, env.workspaceId, 50, { start: 7000 }); // not in the group
    const id = await createBroadcast(env.db, {
      workspaceId: env.workspaceId,
      translations: { eng: { text: 'Vaccines arrive Monday' }, fra: { text: 'Les vaccins arrivent lundi' } },
      baseLanguage: 'eng',
      targets: { groups: [groupUuid] },
    });
    expect(await processBroadcastBatch(env.rt, id, 500)).toBe(true);
    let row = await first<{ status: string; totals: string }>(env.db, 'SELECT status, totals FROM broadcasts WHERE id = ?', [id]);
    expect(row!.status).toBe('sending');
    expect(JSON.parse(row!.totals)).toMatchObject({ recipients: 500, queued: 500 });
    while (await processBroadcastBatch(env.rt, id, 500));
    row = await first<{ status: string; totals: string }>(env.db, 'SELECT status, totals FROM broadcasts WHERE id = ?', [id]);
    expect(row!.status).toBe('queued');
    expect(JSON.parse(row!.totals)).toMatchObject({ recipients: 1208, queued: 1200, skipped: 8 });
    expect(await env.count(`SELECT COUNT(*) AS n FROM messages WHERE broadcast_id = ?`, [id])).toBe(1200);
    expect(await env.count(`SELECT COUNT(DISTINCT contact_id) AS n FROM messages WHERE broadcast_id = ?`, [id])).toBe(1200);
    expect(await env.count(`SELECT COUNT(*) AS n FROM messages WHERE broadcast_id = ? AND text = 'Les vaccins arrivent lundi'`, [id])).toBe(600);
    expect(await env.count(`SELECT COUNT(*) AS n FROM messages WHERE broadcast_id = ? AND (priority <> 0 OR status <> 'queued')`, [id])).toBe(0);
    // Nothing more to do: a repeated call (a second worker, a restart) adds nothing.
    expect(await processBroadcastBatch(env.rt, id, 500)).toBe(false);
    expect(await env.count(`SELECT COUNT(*) AS n FROM messages WHERE broadcast_id = ?`, [id])).toBe(1200);
    const sender = new OutboxSender(env.rt, { batchSize: 500 });
    while ((await sender.tick()) > 0);
    expect(env.provider.accepted.size).toBe(1200);
    expect(await broadcastCounts(env.db, id)).toEqual({ queued: 0, sent: 1200, delivered: 0, failed: 0 });
  });

  it('cancels: no more batches, and queued messages are not sent', async () => {
    env = await createMessagingEnv();
    await seedContacts(env.db, env.workspaceId, 700);
    const id = await createBroadcast(env.db, { workspaceId: env.workspaceId, translations: { eng: { text: 'Hi' } }, baseLanguage: 'eng', targets: { all: true } });
    await processBroadcastBatch(env.rt, id, 500);
    expect(await cancelBroadcast(env.db, env.workspaceId, id)).toBe(true);
    expect(await processBroadcastBatch(env.rt, id, 500)).toBe(false);
    const sender = new OutboxSender(env.rt);
    expect(await sender.tick()).toBe(0);
    expect(await broadcastCounts(env.db, id)).toEqual({ queued: 0, sent: 0, delivered: 0, failed: 500 });
    expect(await cancelBroadcast(env.db, env.workspaceId, id)).toBe(false);
  });

  it('selects recipients by query and by URN', async () => {
    env = await createMessagingEnv();
    await seedContacts(env.db, env.workspaceId, 10, { fields: { district: 'Kilifi' } });
    await seedContacts(env.db, env.workspaceId, 10, { fields: { district: 'Mombasa' }, start: 100, language: 'fra' });
    const id = await createBroadcast(env.db, { workspaceId: env.workspaceId, translations: { eng: { text: 'Hi' } }, baseLanguage: 'eng', targets: { query: 'district = kilifi', urns: ['tel:+254710000100'] } });
    while (await processBroadcastBatch(env.rt, id));
    expect(await env.count(`SELECT COUNT(*) AS n FROM messages WHERE broadcast_id = ?`, [id])).toBe(11);
    expect(() => parseTargets({})).toThrow(/select nobody/);
    expect(() => compileQuery('district is Kilifi')).toThrow(/"district is Kilifi"/);
    const compiled = compileQuery('name ~ "Amina" AND age > 30');
    expect(compiled.params).toEqual(['Amina', 30]);
    expect(compiled.sql).toContain(`CAST(json_extract(c.fields, '$."age"') AS REAL) > ?`);
    // "and" inside a quoted value is part of the value, not a clause separator.
    expect(compileQuery('facility = "Mother AND Child Hospital" AND cadre ~ nurse').params).toEqual(['Mother AND Child Hospital', 'nurse']);
    expect(() => compileQuery('facility = "Mother and Child')).toThrow(/unclosed " quote/);
    const onPostgres = compileQuery('name ~ "Amina" AND age > 30', sqlForDialect('postgres'));
    expect(onPostgres.sql).toContain(`strpos(lower(c.name), lower(?)) > 0`);
    expect(onPostgres.sql).toContain(`(CAST(c.fields AS jsonb) #>> '{age}')`);
  });

  it('compares custom fields as numbers, treats non-numbers as 0, and matches URN and field substrings', async () => {
    env = await createMessagingEnv();
    await seedContacts(env.db, env.workspaceId, 3, { fields: { age: '25' } });
    await seedContacts(env.db, env.workspaceId, 2, { fields: { age: '41.5' }, start: 10 });
    await seedContacts(env.db, env.workspaceId, 2, { fields: { age: 'unknown', cadre: 'Senior Nurse' }, start: 20 });
    await seedContacts(env.db, env.workspaceId, 1, { fields: {}, start: 30 });
    const count = (query: string) => countRecipients(env!.db, env!.workspaceId, parseTargets({ query }));
    expect(await count('age > 30')).toBe(2);
    expect(await count('age < 30')).toBe(5); // 3 × 25 and 2 × "unknown" (0); the contact without the field is not compared
    expect(await count('cadre ~ nurse')).toBe(2);
    expect(await count('cadre != "senior nurse"')).toBe(6);
    expect(await count(`urn ~ ${phoneOf(20).slice(0, -1)}`)).toBe(2); // contacts 20 and 21
    expect(await count(`urn = tel:${phoneOf(10)}`)).toBe(1);
    expect(await countRecipients(env.db, env.workspaceId, parseTargets({ contacts: [], urns: [`tel:${phoneOf(1)}`, `tel:${phoneOf(2)}`] }))).toBe(2);
  });
});

describe('flow starts', () => {
  it('starts sessions in one transaction per batch, skips stopped contacts and earlier participants', async () => {
    env = await createMessagingEnv();
    const flowId = await seedFlow(env.db, env.workspaceId, twoQuestionFlow());
    const { groupId, groupUuid } = await seedGroup(env.db, env.workspaceId, 'Nurses');
    await seedContacts(env.db, env.workspaceId, 30, { groupId });
    await seedContacts(env.db, env.workspaceId, 2, { groupId, status: 'stopped', start: 500 });
    const id = await createFlowStart(env.db, { workspaceId: env.workspaceId, flowId, targets: { groups: [groupUuid] } });
    while (await processFlowStartBatch(env.rt, id, 10));
    const row = await first<{ status: string; totals: string }>(env.db, 'SELECT status, totals FROM flow_starts WHERE id = ?', [id]);
    expect(row!.status).toBe('completed');
    expect(JSON.parse(row!.totals)).toMatchObject({ recipients: 32, queued: 30, skipped: 2 });
    expect(await env.count(`SELECT COUNT(*) AS n FROM sessions WHERE status = 'waiting'`)).toBe(30);
    expect(await env.count(`SELECT COUNT(*) AS n FROM messages WHERE flow_start_id = ? AND priority = 0 AND text = 'What is your name?'`, [id])).toBe(30);
    // Starting again without restart_participants skips everyone.
    const again = await createFlowStart(env.db, { workspaceId: env.workspaceId, flowId, targets: { groups: [groupUuid] } });
    while (await processFlowStartBatch(env.rt, again, 10));
    expect(JSON.parse((await first<{ totals: string }>(env.db, 'SELECT totals FROM flow_starts WHERE id = ?', [again]))!.totals)).toMatchObject({ queued: 0, skipped: 32 });
  });

  it('refuses a flow without a published revision', async () => {
    env = await createMessagingEnv();
    const flowId = await seedFlow(env.db, env.workspaceId, twoQuestionFlow(), { publish: false });
    await expect(createFlowStart(env.db, { workspaceId: env.workspaceId, flowId, targets: { all: true } })).rejects.toThrow(/no published revision/);
  });
});

describe('schedules', () => {
  it('fires a one-time broadcast exactly once, even when fired again', async () => {
    env = await createMessagingEnv();
    await seedContacts(env.db, env.workspaceId, 3);
    const t0 = new Date();
    const scheduleId = await createSchedule(env.db, { workspaceId: env.workspaceId, kind: 'once', repeat: { at: new Date(t0.getTime() + 60_000).toISOString() } }, t0);
    const id = await createBroadcast(env.db, { workspaceId: env.workspaceId, translations: { eng: { text: 'Reminder' } }, baseLanguage: 'eng', targets: { all: true }, scheduleId });
    expect((await first<{ status: string }>(env.db, 'SELECT status FROM broadcasts WHERE id = ?', [id]))!.status).toBe('scheduled');
    expect(await fireDueSchedules(env.db, new Date(t0.getTime() + 30_000))).toBe(0);
    expect(await fireDueSchedules(env.db, new Date(t0.getTime() + 61_000))).toBe(1);
    expect(await fireDueSchedules(env.db, new Date(t0.getTime() + 120_000))).toBe(0);
    expect(await env.count(`SELECT COUNT(*) AS n FROM broadcasts`)).toBe(1);
    expect((await first<{ status: string }>(env.db, 'SELECT status FROM broadcasts WHERE id = ?', [id]))!.status).toBe('pending');
  });

  it('copies a recurring broadcast at each occurrence and moves the next fire time', async () => {
    env = await createMessagingEnv();
    const t0 = new Date('2026-11-25T05:00:00Z'); // 08:00 in Nairobi
    const scheduleId = await createSchedule(env.db, { workspaceId: env.workspaceId, kind: 'daily', repeat: { hour: 9, minute: 0 } }, t0);
    const s = await first<{ next_fire_at: string; timezone: string }>(env.db, 'SELECT next_fire_at, timezone FROM schedules WHERE id = ?', [scheduleId]);
    expect(s).toEqual({ next_fire_at: '2026-11-25T06:00:00.000Z', timezone: 'Africa/Nairobi' });
    await createBroadcast(env.db, { workspaceId: env.workspaceId, translations: { eng: { text: 'Daily tip' } }, baseLanguage: 'eng', targets: { all: true }, scheduleId });
    expect(await fireDueSchedules(env.db, new Date('2026-11-25T06:00:01Z'))).toBe(1);
    expect(await fireDueSchedules(env.db, new Date('2026-11-25T06:00:02Z'))).toBe(0);
    expect((await first<{ next_fire_at: string }>(env.db, 'SELECT next_fire_at FROM schedules WHERE id = ?', [scheduleId]))!.next_fire_at).toBe('2026-11-26T06:00:00.000Z');
    expect(await env.count(`SELECT COUNT(*) AS n FROM broadcasts WHERE status = 'pending'`)).toBe(1);
    expect(await env.count(`SELECT COUNT(*) AS n FROM broadcasts WHERE status = 'scheduled'`)).toBe(1);
    await run(env.db, 'UPDATE schedules SET active = 0 WHERE id = ?', [scheduleId]);
    expect(await fireDueSchedules(env.db, new Date('2026-11-27T06:00:00Z'))).toBe(0);
  });

  it('computes weekly and monthly occurrences in the time zone, across DST', () => {
    expect(nextFire('weekly', { hour: 9, minute: 0, days_of_week: [1] }, 'Africa/Nairobi', new Date('2026-11-25T12:00:00Z'))).toBe('2026-11-30T06:00:00.000Z');
    expect(nextFire('monthly', { hour: 8, minute: 30, day_of_month: 31 }, 'UTC', new Date('2027-02-01T00:00:00Z'))).toBe('2027-02-28T08:30:00.000Z');
    // 09:00 in Paris is 08:00 UTC in summer and 09:00 UTC in winter.
    expect(nextFire('daily', { hour: 9, minute: 0 }, 'Europe/Paris', new Date('2026-10-24T12:00:00Z'))).toBe('2026-10-25T08:00:00.000Z');
    expect(nextFire('daily', { hour: 9, minute: 0 }, 'Europe/Paris', new Date('2026-10-25T12:00:00Z'))).toBe('2026-10-26T08:00:00.000Z');
    expect(nextFire('once', { at: '2020-01-01T00:00:00Z' }, 'UTC', new Date())).toBeNull();
  });

  it('computes the end of quiet hours, including windows across midnight', () => {
    const q = { start: '21:00', end: '07:00' };
    expect(quietHoursEnd(q, 'Africa/Nairobi', new Date('2026-11-25T19:30:00Z'))).toBe('2026-11-26T04:00:00.000Z'); // 22:30 local
    expect(quietHoursEnd(q, 'Africa/Nairobi', new Date('2026-11-26T02:00:00Z'))).toBe('2026-11-26T04:00:00.000Z'); // 05:00 local
    expect(quietHoursEnd(q, 'Africa/Nairobi', new Date('2026-11-26T09:00:00Z'))).toBeNull(); // noon
  });
});
