/**
 * The automatic reminder schedule: every `pollMs` it looks at the published courses with "remind
 * automatically" on, and sends a reminder to those behind (./course-reminders.ts) for each course whose last
 * automatic reminder is at least `reminderAfterDays` days old (or that never had one). A course where nobody is
 * behind is looked at again on the next poll.
 *
 * Example:
 *   const loop = new CourseReminderLoop(rt, { pollMs: 600_000 }); loop.start(); … await loop.stop();
 *   await loop.tick();   // tests: one pass now
 */
import { Loop } from '../jobs/loop.js';
import type { MessagingRuntime } from '../messaging/runtime.js';
import { CourseError } from './course-error.js';
import { sendCourseReminders } from './course-reminders.js';
import type { CourseContent } from './course-types.js';

const DAY_MS = 86_400_000;

export class CourseReminderLoop {
  private readonly loop: Loop;

  constructor(private readonly rt: MessagingRuntime, options: { pollMs?: number } = {}) {
    this.loop = new Loop('course-reminders', options.pollMs ?? 600_000, async () => {
      await this.tick();
      return 0; // never "more work at once": the next pass waits for the poll interval
    }, rt.logger);
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** Sends the reminders that are due; returns how many courses got one. */
  async tick(): Promise<number> {
    const now = this.rt.now();
    const due = await this.rt.db.selectFrom('courses')
      .select(['id', 'workspace_id', 'title', 'languages', 'content', 'flow_id', 'version', 'published_version', 'reminder_after_days', 'last_auto_reminder_at', 'created_at', 'updated_at'])
      .where('auto_remind', '=', 1).where('flow_id', 'is not', null).where('published_version', 'is not', null)
      .execute();
    let sent = 0;
    for (const row of due) {
      if (row.last_auto_reminder_at && Date.parse(row.last_auto_reminder_at) > now.getTime() - row.reminder_after_days * DAY_MS) continue;
      const course = {
        id: row.id, title: row.title, languages: JSON.parse(row.languages) as string[], content: JSON.parse(row.content) as CourseContent,
        flowId: row.flow_id, version: row.version, publishedVersion: row.published_version, createdAt: row.created_at, updatedAt: row.updated_at,
      };
      // Claim this period first (conditional on the value read), so two server processes never both send it.
      const claimedAt = now.toISOString();
      const claim = await this.rt.db.updateTable('courses').set({ last_auto_reminder_at: claimedAt }).where('id', '=', row.id)
        .where((eb) => (row.last_auto_reminder_at === null ? eb('last_auto_reminder_at', 'is', null) : eb('last_auto_reminder_at', '=', row.last_auto_reminder_at)))
        .executeTakeFirst();
      if (Number(claim.numUpdatedRows) === 0) continue;
      let recipients = 0;
      try {
        recipients = (await sendCourseReminders(this.rt.db, { workspaceId: row.workspace_id, course, automatic: true, userId: null, now })).recipients;
      } catch (error) {
        if (!(error instanceof CourseError)) throw error;
        this.rt.logger.warn('automatic course reminder skipped', { courseId: row.id, reason: error.message });
      }
      if (recipients > 0) sent++;
      // Nobody was behind: give the period back, so whoever falls behind tomorrow is reminded then.
      else await this.rt.db.updateTable('courses').set({ last_auto_reminder_at: row.last_auto_reminder_at }).where('id', '=', row.id).where('last_auto_reminder_at', '=', claimedAt).execute();
    }
    if (sent > 0) this.rt.notify('bulk');
    return sent;
  }
}
