/**
 * Kysely types of the refresher-course tables (migration 0008_courses). JSON as text, times as ISO text,
 * flags as 0/1, as in ./schema.ts.
 *
 * Example (a course row):
 *   { id: "0193…", workspace_id: "0193…", title: "Malaria refresher", languages: '["eng","fra"]', content: '{"lessons":[…],…}',
 *     flow_id: null, version: 1, published_version: null, auto_remind: 0, reminder_after_days: 3, last_auto_reminder_at: null,
 *     created_by: null, created_at: "2026-11-25T14:46:00.000Z", updated_at: "2026-11-25T14:46:00.000Z" }
 */
import type { Flag, IsoTime, JsonText } from './schema.js';

/** A course (server/courses/course-types.ts `CourseContent` in `content`). */
export interface CoursesTable {
  id: string;
  workspace_id: string;
  title: string;
  /** JSON array of ISO-639-3 codes; the first is the compiled flow's base language. */
  languages: JsonText;
  content: JsonText;
  /** The compiled flow, created on first publish. */
  flow_id: string | null;
  /** Incremented by every save. */
  version: number;
  /** The version last compiled and published. */
  published_version: number | null;
  /** Copy of content.autoRemind / reminderAfterDays, for the reminder loop's query. */
  auto_remind: Flag;
  reminder_after_days: number;
  last_auto_reminder_at: IsoTime | null;
  created_by: string | null;
  created_at: IsoTime;
  updated_at: IsoTime;
}

/** A group enrolled in a course: one flow start of the course flow (those already in are not restarted). */
export interface CourseEnrolmentsTable {
  id: string;
  workspace_id: string;
  course_id: string;
  group_id: string;
  flow_start_id: string | null;
  created_by: string | null;
  created_at: IsoTime;
}

/** A reminder sent to the health workers behind: one broadcast. */
export interface CourseRemindersTable {
  id: string;
  workspace_id: string;
  course_id: string;
  broadcast_id: string | null;
  recipients: number;
  /** 1 when sent by the automatic schedule, 0 when a trainer pressed the button. */
  automatic: Flag;
  created_by: string | null;
  created_at: IsoTime;
}
