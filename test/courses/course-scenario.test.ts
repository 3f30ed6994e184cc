/**
 * Courses through the real engine and server (test/messaging/harness.ts): a course is compiled and published
 * as a flow, a group is enrolled (a flow start), two health workers answer by SMS through the loopback
 * channel, timers move the course on, and progress and reminders are read back from runs, results and
 * broadcasts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OutboxSender } from '../../server/jobs/outbox-sender.js';
import { TimerLoop } from '../../server/jobs/timer-loop.js';
import { processBroadcastBatch } from '../../server/messaging/broadcasts.js';
import { processFlowStartBatch } from '../../server/messaging/flow-starts.js';
import { all, first, run } from '../../server/messaging/sql.js';
import { FlowStore } from '../../server/flows/flow-store.js';
import { runtimeFlowTools } from '../../server/flows/flow-tools.js';
import { CourseStore } from '../../server/courses/course-store.js';
import { enrolGroup } from '../../server/courses/course-enrolment.js';
import { courseProgress } from '../../server/courses/course-progress.js';
import { sendCourseReminders } from '../../server/courses/course-reminders.js';
import { CourseReminderLoop } from '../../server/courses/course-reminder-loop.js';
import type { CourseContent } from '../../server/courses/course-types.js';
import { createMessagingEnv, type MessagingEnv } from '../messaging/harness.js';
import { phoneOf, seedContacts, seedGroup } from '../messaging/seed.js';
import { sampleContent } from './sample-course.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let env: MessagingEnv;
afterEach(async () => {
  await env?.close();
});

/** A published course, a group with the given contacts (eng, fra…), and helpers to drive the loop. */
async function setUp(content: CourseContent, languages: string[]) {
  env = await createMessagingEnv();
  const flows = new FlowStore(env.db, runtimeFlowTools);
  const courses = new CourseStore(env.db, flows);
  const course = await courses.create(env.workspaceId, { title: 'Malaria refresher', languages: ['eng', 'fra'], content }, null);
  await courses.publish(env.workspaceId, course.id, null);
  const { groupId } = await seedGroup(env.db, env.workspaceId, 'Kilifi nurses');
  const contactIds = await seedContacts(env.db, env.workspaceId, languages.length, { groupId, language: (i) => languages[i]! });
  const sender = new OutboxSender(env.rt);
  const timers = new TimerLoop(env.rt);
  const settle = async () => {
    await env.until(async () => (await env.count(`SELECT COUNT(*) AS n FROM messages WHERE status = 'pending'`)) === 0, 10_000, 'inbound handled');
    await env.rt.locks.idle();
    while ((await sender.tick()) > 0);
  };
  let n = 0;
  const reply = async (contactIndex: number, text: string) => {
    await env.postInbound({ id: `in-${++n}`, from: `tel:${phoneOf(contactIndex)}`, text });
    await settle();
  };
  const outTo = async (contactIndex: number) =>
    (await all<{ text: string }>(env.db, `SELECT text FROM messages WHERE direction = 'out' AND contact_id = ? ORDER BY created_at, id`, [contactIds[contactIndex]])).map((m) => m.text);
  const later = async (ms: number) => {
    env.clock.advance(ms);
    while ((await timers.tick()) > 0) await settle();
    await settle();
  };
  const enrol = async () => {
    const { flowStartId } = await enrolGroup(env.db, { workspaceId: env.workspaceId, courseId: course.id, groupId, userId: null });
    while (await processFlowStartBatch(env.rt, flowStartId));
    await settle();
    return flowStartId;
  };
  const progress = async () => courseProgress(env.db, env.workspaceId, await courses.get(env.workspaceId, course.id), env.clock.now());
  return { courses, course, groupId, contactIds, reply, outTo, later, enrol, progress, settle };
}

describe('a course taken by two health workers', () => {
  it('one passes at once, the other falls behind, gets a reminder in French, and fails', async () => {
    const s = await setUp(sampleContent({ questionTimeoutHours: 96, reminderAfterDays: 3, autoRemind: true }), ['eng', 'fra']);
    await s.enrol();
    expect(await s.outTo(0)).toEqual([
      'Lesson 1: testing\n\nTest every fever with an RDT before treating.',
      'What do you use to test a fever for malaria?\n1. A thermometer\n2. An RDT\n3. Nothing',
    ]);
    expect((await s.outTo(1))[1]).toBe('Avec quoi testez-vous une fièvre pour le paludisme ?\n1. Un thermomètre\n2. Un TDR\n3. Rien');
    const media = await first<{ attachments: string }>(env.db, `SELECT attachments FROM messages WHERE text LIKE 'Lesson 1%'`);
    expect(JSON.parse(media!.attachments)).toEqual(['image/jpeg:https://example.org/media/rdt.jpg']);

    // Amina (eng): a reply that is not an answer gets a hint; then all three right.
    await s.reply(0, 'maybe');
    expect((await s.outTo(0)).at(-1)).toBe('Please reply with a number from 1 to 3.');
    await s.reply(0, '2');
    await s.reply(0, '3');
    await s.reply(0, 'no');
    expect((await s.outTo(0)).slice(-1)).toEqual(['Well done! You passed with 3 of 3.']);

    // Bertrand (fra): answers the first question wrong (by its text), then goes quiet.
    await s.reply(1, 'un thermomètre');
    expect((await s.outTo(1)).slice(-2)).toEqual(["Leçon 2 : traitement\n\nL'ACT est donné pendant 3 jours.", "Pendant combien de jours donne-t-on l'ACT ?"]);

    let progress = await s.progress();
    expect(progress.totals).toEqual({ enrolled: 2, started: 2, completed: 1, passed: 1, behind: 0 });
    const amina = progress.rows.find((r) => r.contactId === s.contactIds[0])!;
    expect(amina).toMatchObject({ status: 'completed', lessonsDone: 2, lessonCount: 2, score: 3, questionCount: 3, outcome: 'passed', behind: false });
    expect(progress.rows.find((r) => r.contactId === s.contactIds[1])).toMatchObject({ status: 'in_progress', lessonsDone: 1, score: 0, outcome: null });

    // Results are in run_results like any flow's (key l1_q1, categories Correct / Incorrect).
    const answers = await all<{ key: string; category: string }>(env.db, `SELECT key, category FROM run_results WHERE contact_id = ? AND key LIKE 'l%q%' ORDER BY created_at`, [s.contactIds[1]]);
    expect(answers).toEqual([{ key: 'l1_q1', category: 'Incorrect' }]);

    // Three days later Bertrand is behind: the automatic reminder goes to him only, in French, once.
    await s.later(3 * DAY + HOUR);
    progress = await s.progress();
    expect(progress.totals.behind).toBe(1);
    // Two server processes' loops at the same moment: the period is claimed once, one broadcast.
    const loop = new CourseReminderLoop(env.rt);
    const [first1, second1] = await Promise.all([loop.tick(), new CourseReminderLoop(env.rt).tick()]);
    expect(first1 + second1).toBe(1);
    expect(await loop.tick()).toBe(0); // not again before another 3 days
    expect(await env.count('SELECT COUNT(*) AS n FROM broadcasts')).toBe(1);
    const reminder = await first<{ broadcast_id: string; recipients: number; automatic: number }>(env.db, 'SELECT broadcast_id, recipients, automatic FROM course_reminders');
    expect(reminder).toMatchObject({ recipients: 1, automatic: 1 });
    while (await processBroadcastBatch(env.rt, reminder!.broadcast_id));
    await s.settle();
    expect((await s.outTo(1)).at(-1)).toBe('Merci de continuer votre cours sur le paludisme.');
    expect((await s.outTo(0)).at(-1)).toBe('Well done! You passed with 3 of 3.');

    // The button sends again at once (the trainer decides); nobody else is behind.
    const manual = await sendCourseReminders(env.db, { workspaceId: env.workspaceId, course: await s.courses.get(env.workspaceId, s.course.id), automatic: false, userId: null, now: env.clock.now() });
    expect(manual.recipients).toBe(1);

    // The number question times out ("No reply after" 96 h); he answers the last one right, and fails 1/3.
    await s.later(24 * HOUR);
    expect((await s.outTo(1)).at(-1)).toBe('Un enfant avec un TDR négatif reçoit-il un ACT ?\n1. Oui\n2. Non');
    await s.reply(1, '2');
    expect((await s.outTo(1)).at(-1)).toBe('Score : 1 sur 3. Revoyez les leçons.');
    progress = await s.progress();
    expect(progress.rows.find((r) => r.contactId === s.contactIds[1])).toMatchObject({ status: 'completed', lessonsDone: 2, score: 1, outcome: 'failed', behind: false });
    expect(progress.totals).toEqual({ enrolled: 2, started: 2, completed: 2, passed: 1, behind: 0 });
    expect(await sendCourseReminders(env.db, { workspaceId: env.workspaceId, course: await s.courses.get(env.workspaceId, s.course.id), automatic: false, userId: null, now: env.clock.now() })).toEqual({ reminderId: null, broadcastId: null, recipients: 0 });
  });

  it('enrolling the group again starts only its new members (with answer feedback on)', async () => {
    const s = await setUp(sampleContent({ feedback: true }), ['eng']);
    await s.enrol();
    await s.reply(0, '2');
    expect((await s.outTo(0)).slice(-3)).toEqual(['Correct!', 'Lesson 2: treatment\n\nACT is given for 3 days.', 'For how many days is ACT given?']);
    await s.reply(0, '4');
    expect((await s.outTo(0)).slice(-2)).toEqual(['The right answer is: 3', 'A child with a negative RDT gets ACT?\n1. Yes\n2. No']);
    await seedContacts(env.db, env.workspaceId, 1, { groupId: s.groupId, start: 5 });
    let progress = await s.progress();
    expect(progress.totals).toMatchObject({ enrolled: 2, started: 1 });
    expect(progress.rows.find((r) => r.status === 'pending')).toBeDefined();
    const again = await s.enrol();
    const totals = JSON.parse((await first<{ totals: string }>(env.db, 'SELECT totals FROM flow_starts WHERE id = ?', [again]))!.totals) as { queued: number; skipped: number };
    expect(totals).toMatchObject({ queued: 1, skipped: 1 });
    // the first health worker was not restarted: still at lesson 2
    expect(await env.count(`SELECT COUNT(*) AS n FROM runs WHERE contact_id = ?`, [s.contactIds[0]])).toBe(1);
    expect((await s.outTo(0)).at(-1)).toBe('A child with a negative RDT gets ACT?\n1. Yes\n2. No');
    progress = await s.progress();
    expect(progress.totals).toMatchObject({ enrolled: 2, started: 2 });
  });
});

describe('lessons spread over days', () => {
  it('sends lesson 2 two days after enrolment, at once to a late answerer, and keeps running sessions across a republish', async () => {
    const s = await setUp(sampleContent({ spacing: { mode: 'days', days: 2 }, questionTimeoutHours: 168, reminderAfterDays: 1 }), ['eng', 'eng']);
    await s.enrol();
    await s.reply(0, '2'); // on time
    expect((await s.outTo(0)).at(-1)).toMatch(/^What do you use/);
    await s.later(DAY);
    expect((await s.outTo(0)).at(-1)).toMatch(/^What do you use/); // not yet
    // A day on, the first health worker waits for lesson 2 (on time); the second has not answered lesson 1 (behind).
    const waiting = await s.progress();
    expect(waiting.rows.map((r) => [r.contactId, r.status, r.lessonsDone, r.behind])).toEqual(
      expect.arrayContaining([[s.contactIds[0], 'in_progress', 1, false], [s.contactIds[1], 'in_progress', 0, true]]),
    );

    // The trainer edits lesson 2 and republishes meanwhile: the waiting sessions carry on in the new revision.
    const course = await s.courses.get(env.workspaceId, s.course.id);
    course.content.lessons[1]!.text.eng = 'ACT is given for 3 days, with food.';
    await s.courses.update(env.workspaceId, course.id, { title: course.title, languages: course.languages, content: course.content });
    const published = await s.courses.publish(env.workspaceId, course.id, null);
    expect(published.revision).toBe(3);
    env.rt.assets.invalidate(env.workspaceId);

    await s.later(DAY + 10 * 60_000);
    expect((await s.outTo(0)).slice(-2)).toEqual(['Lesson 2: treatment\n\nACT is given for 3 days, with food.', 'For how many days is ACT given?']);
    const sentAt = await first<{ created_at: string }>(env.db, `SELECT created_at FROM messages WHERE contact_id = ? AND text LIKE 'Lesson 2%'`, [s.contactIds[0]]);
    const enrolledAt = await first<{ created_at: string }>(env.db, `SELECT created_at FROM runs WHERE contact_id = ?`, [s.contactIds[0]]);
    const gap = Date.parse(sentAt!.created_at) - Date.parse(enrolledAt!.created_at);
    expect(gap).toBeGreaterThanOrEqual(2 * DAY - 5 * 60_000);
    expect(gap).toBeLessThanOrEqual(2 * DAY + 15 * 60_000);

    // The second health worker answers lesson 1 only now (late): lesson 2 follows at once.
    expect((await s.outTo(1)).at(-1)).toMatch(/^What do you use/);
    await s.reply(1, '1');
    expect((await s.outTo(1)).slice(-2)).toEqual(['Lesson 2: treatment\n\nACT is given for 3 days, with food.', 'For how many days is ACT given?']);
    // Timers of the countdown are few: about one per day and hour, not one per minute.
    expect(await env.count(`SELECT COUNT(*) AS n FROM timers WHERE kind = 'wait_timeout'`)).toBeLessThan(40);
  });
});
