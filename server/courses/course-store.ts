/**
 * Courses in the database, and publishing: a course compiles to one flow (created on first publish); every
 * publish adds a new published revision of that flow through the flow store, so its history is kept and running
 * sessions pick up the new revision (node UUIDs are stable, see ./compile-course.ts). Scoped to one workspace.
 *
 * Example:
 *   const courses = new CourseStore(db, flowStore);
 *   const course = await courses.create(ws.id, { title: 'Malaria refresher', languages: ['eng', 'fra'] }, userId);
 *   await courses.update(ws.id, course.id, { title, languages, content, baseVersion: course.version });
 *   const { flowId, revision } = await courses.publish(ws.id, course.id, userId);
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { CoursesTable as CourseRow } from '../db/schema-courses.js';
import { isoNow, newId } from '../db/ids.js';
import type { FlowStore } from '../flows/flow-store.js';
import { FlowStoreError } from '../flows/flow-store-error.js';
import type { Flow } from '../../runtime/definition/types.js';
import { checkCourseForPublish, type CourseProblem } from './course-check.js';
import { CourseError } from './course-error.js';
import { emptyCourseContent } from './course-schema.js';
import type { Course, CourseContent } from './course-types.js';
import { compileCourse, courseFlowName } from './compile-course.js';

/** A course as listed. Example: `{ id, title: "Malaria refresher", languages: ["eng","fra"], lessonCount: 2, questionCount: 3, flowId: null, … }`. */
export interface CourseSummary {
  id: string;
  title: string;
  languages: string[];
  lessonCount: number;
  questionCount: number;
  flowId: string | null;
  version: number;
  publishedVersion: number | null;
  hasUnpublishedChanges: boolean;
  updatedAt: string;
}

/** A flow uuid used only to preview a course that has no flow yet. */
const PREVIEW_FLOW_UUID = '00000000-0000-4000-8000-000000000000';


function toCourse(row: CourseRow): Course {
  return {
    id: row.id, title: row.title, languages: JSON.parse(row.languages) as string[], content: JSON.parse(row.content) as CourseContent,
    flowId: row.flow_id, version: row.version, publishedVersion: row.published_version, createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

function summarize(course: Course): CourseSummary {
  return {
    id: course.id, title: course.title, languages: course.languages, lessonCount: course.content.lessons.length,
    questionCount: course.content.lessons.reduce((n, l) => n + l.questions.length, 0), flowId: course.flowId, version: course.version,
    publishedVersion: course.publishedVersion, hasUnpublishedChanges: course.publishedVersion !== course.version, updatedAt: course.updatedAt,
  };
}

/** Texts for languages the course no longer has are dropped; new languages start empty. */
function keepLanguages(content: CourseContent, languages: string[]): CourseContent {
  const keep = (texts: Record<string, string>) => Object.fromEntries(languages.map((l) => [l, texts[l] ?? '']));
  return {
    ...content,
    completionMessage: keep(content.completionMessage), failMessage: keep(content.failMessage), reminderMessage: keep(content.reminderMessage),
    lessons: content.lessons.map((lesson) => ({
      ...lesson, title: keep(lesson.title), text: keep(lesson.text),
      questions: lesson.questions.map((q) => (q.kind === 'choice'
        ? { ...q, prompt: keep(q.prompt), choices: q.choices.map((c) => ({ ...c, text: keep(c.text) })) }
        : { ...q, prompt: keep(q.prompt) })),
    })),
  };
}

export class CourseStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly flows: FlowStore,
  ) {}

  async list(workspaceId: string): Promise<CourseSummary[]> {
    const rows = await this.db.selectFrom('courses').selectAll().where('workspace_id', '=', workspaceId).orderBy('updated_at', 'desc').orderBy('id', 'desc').execute();
    return rows.map((r) => summarize(toCourse(r)));
  }

  async get(workspaceId: string, courseId: string): Promise<Course> {
    const row = await this.db.selectFrom('courses').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', courseId).executeTakeFirst();
    if (!row) throw new CourseError('not_found', `No course with id ${courseId} in this workspace.`);
    return toCourse(row);
  }

  async create(workspaceId: string, input: { title: string; languages: string[]; content?: CourseContent }, userId: string | null): Promise<Course> {
    const now = isoNow();
    const content = keepLanguages(input.content ?? emptyCourseContent(input.languages), input.languages);
    const row: CourseRow = {
      id: newId(), workspace_id: workspaceId, title: input.title.trim(), languages: JSON.stringify(input.languages), content: JSON.stringify(content),
      flow_id: null, version: 1, published_version: null, auto_remind: content.autoRemind ? 1 : 0, reminder_after_days: content.reminderAfterDays,
      last_auto_reminder_at: null, created_by: userId, created_at: now, updated_at: now,
    };
    await this.db.insertInto('courses').values(row).execute();
    return toCourse(row);
  }

  /** Saves the trainer's edits as the next version. `baseVersion`: refuse if someone saved since (conflict). */
  async update(workspaceId: string, courseId: string, input: { title: string; languages: string[]; content: CourseContent; baseVersion?: number }): Promise<Course> {
    const current = await this.get(workspaceId, courseId);
    if (input.baseVersion !== undefined && input.baseVersion !== current.version) {
      throw new CourseError('conflict', `This course was saved by someone else since you opened it (now at version ${current.version}, you started from ${input.baseVersion}). Reload to see their changes.`);
    }
    const content = keepLanguages(input.content, input.languages);
    const next = current.version + 1;
    const changed = await this.db.updateTable('courses')
      .set({
        title: input.title.trim(), languages: JSON.stringify(input.languages), content: JSON.stringify(content), version: next,
        auto_remind: content.autoRemind ? 1 : 0, reminder_after_days: content.reminderAfterDays, updated_at: isoNow(),
      })
      .where('id', '=', courseId).where('workspace_id', '=', workspaceId).where('version', '=', current.version)
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) === 0) throw new CourseError('conflict', 'Someone else saved this course at the same moment. Reload and try again.');
    return this.get(workspaceId, courseId);
  }

  async remove(workspaceId: string, courseId: string): Promise<void> {
    const course = await this.get(workspaceId, courseId);
    await this.db.deleteFrom('courses').where('id', '=', course.id).where('workspace_id', '=', workspaceId).execute();
    if (course.flowId) await this.flows.setArchived(workspaceId, course.flowId, true).catch(() => undefined);
  }

  /** The flow the course compiles to now (for the preview), with what would block publishing. */
  async compile(workspaceId: string, courseId: string): Promise<{ course: Course; flow: Flow; problems: CourseProblem[] }> {
    const course = await this.get(workspaceId, courseId);
    const flowUuid = course.flowId ? (await this.flows.get(workspaceId, course.flowId)).uuid : PREVIEW_FLOW_UUID;
    return { course, flow: compileCourse(course, flowUuid), problems: checkCourseForPublish(course) };
  }

  /**
   * Compiles the course and publishes it as the next revision of its flow (creating the flow the first time).
   * Refused with every problem when a text is missing; refused with the flow's issues if the flow would not read.
   */
  async publish(workspaceId: string, courseId: string, userId: string | null): Promise<{ flowId: string; revision: number }> {
    const course = await this.get(workspaceId, courseId);
    const problems = checkCourseForPublish(course);
    if (problems.length > 0) {
      throw new CourseError('invalid', `Cannot publish "${course.title}": ${problems.length} problem(s). ${problems[0]!.message}`, problems);
    }
    let flowId = course.flowId;
    if (!flowId) {
      const created = await this.flows.create(workspaceId, { name: courseFlowName(course.title), type: 'messaging', language: course.languages[0]!, userId });
      flowId = created.flow.id;
      await this.db.updateTable('courses').set({ flow_id: flowId }).where('id', '=', course.id).execute();
    }
    const flow = await this.flows.get(workspaceId, flowId);
    if (flow.archived) await this.flows.setArchived(workspaceId, flowId, false);
    let revision: number;
    try {
      ({ revision } = await this.flows.publish(workspaceId, flowId, { userId, definition: compileCourse(course, flow.uuid), comment: `course "${course.title}" version ${course.version}` }));
    } catch (error) {
      if (error instanceof FlowStoreError) {
        const issues = error.flowIssues.filter((i) => i.severity === 'error').map((i) => ({ path: `flow.${i.path}`, message: `compiled flow: ${i.message}` }));
        throw new CourseError('invalid', `Cannot publish "${course.title}": ${error.message}`, issues);
      }
      throw error;
    }
    // Only mark published if nobody saved a newer version meanwhile.
    await this.db.updateTable('courses').set({ published_version: course.version }).where('id', '=', course.id).where('version', '=', course.version).execute();
    return { flowId, revision };
  }
}
