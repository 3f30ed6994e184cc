/**
 * Reminders to the health workers who are behind in a course (in progress, enrolled at least
 * `reminderAfterDays` days ago; see ./course-progress.ts): one broadcast of the course's reminder message,
 * in each health worker's language, to exactly those contacts. The trainer's button sends one at once; the
 * automatic schedule (./course-reminder-loop.ts) at most once every `reminderAfterDays` days per course.
 * Wake the bulk loop afterwards with `runtimeFor(db).notify('bulk')`.
 *
 * Example:
 *   const sent = await sendCourseReminders(db, { workspaceId, courseId, automatic: false, userId, now: new Date() });
 *   // → { reminderId: "0193…", broadcastId: "0193…", recipients: 5 }   (recipients 0 and ids null when nobody is behind)
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { isoNow, newId } from '../db/ids.js';
import { createBroadcast, type BroadcastTranslation } from '../messaging/broadcasts.js';
import { CourseError } from './course-error.js';
import { courseProgress } from './course-progress.js';
import type { Course } from './course-types.js';

export interface ReminderOutcome {
  reminderId: string | null;
  broadcastId: string | null;
  recipients: number;
}

/** One reminder sent, as listed. Example: `{ id, broadcastId, recipients: 5, automatic: false, createdAt }`. */
export interface ReminderSummary {
  id: string;
  broadcastId: string | null;
  recipients: number;
  automatic: boolean;
  createdAt: string;
}

export async function sendCourseReminders(
  db: Kysely<Database>,
  input: { workspaceId: string; course: Course; automatic: boolean; userId: string | null; now: Date },
): Promise<ReminderOutcome> {
  const { course } = input;
  const base = course.languages[0]!;
  if (!course.content.reminderMessage[base]?.trim()) {
    throw new CourseError('invalid', `reminderMessage.${base}: is empty; write the reminder message before sending reminders.`);
  }
  const progress = await courseProgress(db, input.workspaceId, course, input.now);
  const behind = progress.rows.filter((r) => r.behind);
  if (behind.length === 0) return { reminderId: null, broadcastId: null, recipients: 0 };
  const translations: Record<string, BroadcastTranslation> = {};
  for (const lang of course.languages) {
    const text = course.content.reminderMessage[lang]?.trim();
    if (text) translations[lang] = { text };
  }
  const broadcastId = await createBroadcast(db, {
    workspaceId: input.workspaceId, translations, baseLanguage: base, targets: { contacts: behind.map((r) => r.contactUuid) }, createdBy: input.userId,
  });
  const reminderId = newId();
  await db.insertInto('course_reminders').values({
    id: reminderId, workspace_id: input.workspaceId, course_id: course.id, broadcast_id: broadcastId, recipients: behind.length,
    automatic: input.automatic ? 1 : 0, created_by: input.userId, created_at: isoNow(input.now),
  }).execute();
  return { reminderId, broadcastId, recipients: behind.length };
}

export async function listReminders(db: Kysely<Database>, workspaceId: string, courseId: string): Promise<ReminderSummary[]> {
  const rows = await db.selectFrom('course_reminders').selectAll()
    .where('workspace_id', '=', workspaceId).where('course_id', '=', courseId)
    .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(50).execute();
  return rows.map((r) => ({ id: r.id, broadcastId: r.broadcast_id, recipients: r.recipients, automatic: r.automatic === 1, createdAt: r.created_at }));
}
