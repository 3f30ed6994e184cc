/**
 * Progress per health worker in a course, read from the runs of the course's flow and their results
 * (`Score`, `Lessons Done`, `Outcome`, see ./compile-course.ts), plus the members of enrolled groups whose run
 * has not started yet. Simulator runs are left out.
 *
 * Status: `pending` (enrolled, flow start not reached them yet), `in_progress` (their run is waiting or active),
 * `completed` (the run reached the outcome), `stopped` (the run expired, was interrupted or failed before the end).
 * "Behind": in progress, enrolled at least `reminderAfterDays` days ago, and not done with a lesson already sent
 * (with lessons spread over days, someone who answered everything and waits for the next lesson is on time).
 *
 * Example:
 *   const progress = await courseProgress(db, ws.id, course, new Date());
 *   progress.totals   // { enrolled: 12, started: 10, completed: 4, passed: 3, behind: 5 }
 *   progress.rows[0]  // { contactUuid, name: "Amina", status: "completed", lessonsDone: 2, score: 3, outcome: "passed", behind: false, … }
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { all } from '../messaging/sql.js';
import { builtinText } from './builtin-texts.js';
import type { Course } from './course-types.js';

export type LearnerStatus = 'pending' | 'in_progress' | 'completed' | 'stopped';

/** One health worker's progress. Example: see the module comment. */
export interface LearnerProgress {
  contactId: string;
  contactUuid: string;
  name: string;
  status: LearnerStatus;
  enrolledAt: string | null;
  lastActivityAt: string | null;
  lessonsDone: number;
  lessonCount: number;
  score: number;
  questionCount: number;
  outcome: 'passed' | 'failed' | null;
  behind: boolean;
}

export interface CourseProgress {
  totals: { enrolled: number; started: number; completed: number; passed: number; behind: number };
  rows: LearnerProgress[];
}

interface RunRow {
  contact_id: string;
  contact_uuid: string;
  name: string | null;
  status: string;
  results: string;
  created_at: string;
  updated_at: string;
}

type StoredResults = Record<string, { value?: string; category?: string } | undefined>;

const IN_PROGRESS = new Set(['active', 'waiting']);
const DAY_MS = 86_400_000;

function numberOf(value: string | undefined): number {
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}

export async function courseProgress(db: Kysely<Database>, workspaceId: string, course: Course, now: Date): Promise<CourseProgress> {
  const lessonCount = course.content.lessons.length;
  const questionCount = course.content.lessons.reduce((n, l) => n + l.questions.length, 0);
  const behindBefore = now.getTime() - course.content.reminderAfterDays * DAY_MS;
  const byContact = new Map<string, LearnerProgress>();
  const passedName = builtinText(course.languages[0] ?? 'eng', 'passed');

  if (course.flowId) {
    const runs = await all<RunRow>(
      db,
      `SELECT r.contact_id, c.uuid AS contact_uuid, c.name, r.status, r.results, r.created_at, r.updated_at
         FROM runs r JOIN sessions s ON s.id = r.session_id JOIN contacts c ON c.id = r.contact_id
        WHERE r.workspace_id = ? AND r.flow_id = ? AND s.simulated = 0
        ORDER BY r.created_at, r.id`,
      [workspaceId, course.flowId],
    );
    for (const run of runs) {
      const results = JSON.parse(run.results || '{}') as StoredResults;
      const outcomeCategory = results.outcome?.category ?? '';
      const completed = run.status === 'completed' && results.outcome !== undefined;
      const status: LearnerStatus = completed ? 'completed' : IN_PROGRESS.has(run.status) ? 'in_progress' : 'stopped';
      const earlier = byContact.get(run.contact_id);
      // the latest run counts; the enrolment date is the first run's
      const enrolledAt = earlier?.enrolledAt ?? run.created_at;
      byContact.set(run.contact_id, {
        contactId: run.contact_id, contactUuid: run.contact_uuid, name: run.name ?? '', status, enrolledAt, lastActivityAt: run.updated_at,
        lessonsDone: numberOf(results.lessons_done?.value), lessonCount, score: numberOf(results.score?.value), questionCount,
        // Results keep the base-language category name ("Passed", "Réussi"), as compiled.
        outcome: completed ? (outcomeCategory === passedName ? 'passed' : 'failed') : null,
        behind: status === 'in_progress' && Date.parse(enrolledAt) <= behindBefore && numberOf(results.lessons_done?.value) < lessonsSent(course, enrolledAt, now),
      });
    }
  }

  const pending = await all<{ contact_id: string; contact_uuid: string; name: string | null; enrolled_at: string }>(
    db,
    `SELECT c.id AS contact_id, c.uuid AS contact_uuid, c.name, MIN(e.created_at) AS enrolled_at
       FROM course_enrolments e JOIN group_members gm ON gm.group_id = e.group_id JOIN contacts c ON c.id = gm.contact_id
      WHERE e.workspace_id = ? AND e.course_id = ? AND c.status = 'active'
      GROUP BY c.id, c.uuid, c.name`,
    [workspaceId, course.id],
  );
  for (const p of pending) {
    if (byContact.has(p.contact_id)) continue;
    byContact.set(p.contact_id, {
      contactId: p.contact_id, contactUuid: p.contact_uuid, name: p.name ?? '', status: 'pending', enrolledAt: p.enrolled_at, lastActivityAt: null,
      lessonsDone: 0, lessonCount, score: 0, questionCount, outcome: null, behind: false,
    });
  }

  const rows = [...byContact.values()].sort((a, b) => a.name.localeCompare(b.name) || a.contactUuid.localeCompare(b.contactUuid));
  return {
    totals: {
      enrolled: rows.length,
      started: rows.filter((r) => r.status !== 'pending').length,
      completed: rows.filter((r) => r.status === 'completed').length,
      passed: rows.filter((r) => r.outcome === 'passed').length,
      behind: rows.filter((r) => r.behind).length,
    },
    rows,
  };
}

/** How many lessons a health worker enrolled at `enrolledAt` has been sent by `now` (all of them unless spread over days). */
function lessonsSent(course: Course, enrolledAt: string, now: Date): number {
  const count = course.content.lessons.length;
  const { spacing } = course.content;
  if (spacing.mode !== 'days') return count;
  const elapsedDays = (now.getTime() - Date.parse(enrolledAt)) / DAY_MS;
  return Math.min(count, Math.floor(elapsedDays / spacing.days) + 1);
}
