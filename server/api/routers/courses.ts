/**
 * courses.*: refresher courses for trainers. Editors write (create, save, publish, enrol a group, send
 * reminders); viewers read (list, get, preview, progress). A course compiles to a flow on publish
 * (server/courses/compile-course.ts).
 *
 * Example:
 *   const course = await trpc.courses.create.mutate({ title: 'Malaria refresher', languages: ['eng', 'fra'] });
 *   await trpc.courses.update.mutate({ id: course.id, baseVersion: course.version, title, languages, content });
 *   await trpc.courses.publish.mutate({ id: course.id });
 *   await trpc.courses.enrol.mutate({ id: course.id, groupId });
 *   const { totals, rows } = await trpc.courses.progress.query({ id: course.id });
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { CourseError } from '../../courses/course-error.js';
import { enrolGroup, listEnrolments } from '../../courses/course-enrolment.js';
import { previewCourse } from '../../courses/course-preview.js';
import { courseProgress } from '../../courses/course-progress.js';
import { listReminders, sendCourseReminders } from '../../courses/course-reminders.js';
import { courseContentSchema, courseTitleSchema, languagesSchema } from '../../courses/course-schema.js';
import { CourseStore } from '../../courses/course-store.js';
import { editorProcedure, router, viewerProcedure } from '../trpc.js';
import { withMessagingErrors } from './messaging/errors.js';
import { runtimeOf } from './messaging/shared.js';

const CODES = { not_found: 'NOT_FOUND', invalid: 'BAD_REQUEST', conflict: 'CONFLICT' } as const;

/** Course errors → tRPC errors with the same message; other errors as the messaging routers map them. */
async function withCourseErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CourseError) throw new TRPCError({ code: CODES[error.code], message: error.message, cause: error });
    return withMessagingErrors(() => Promise.reject(error));
  }
}

const idInput = z.object({ id: z.string({ error: 'is required' }).min(1, { error: 'is required' }) });

function storeOf(ctx: { db: ConstructorParameters<typeof CourseStore>[0]; services: { flows: ConstructorParameters<typeof CourseStore>[1] } }): CourseStore {
  return new CourseStore(ctx.db, ctx.services.flows);
}

export const coursesRouter = router({
  list: viewerProcedure.query(({ ctx }) => storeOf(ctx).list(ctx.workspace.id)),

  get: viewerProcedure.input(idInput).query(({ ctx, input }) =>
    withCourseErrors(async () => {
      const course = await storeOf(ctx).get(ctx.workspace.id, input.id);
      return {
        ...course,
        enrolments: await listEnrolments(ctx.db, ctx.workspace.id, course.id),
        reminders: await listReminders(ctx.db, ctx.workspace.id, course.id),
      };
    }),
  ),

  create: editorProcedure
    .input(z.object({ title: courseTitleSchema, languages: languagesSchema.default(['eng', 'fra']), content: courseContentSchema.optional() }))
    .mutation(({ ctx, input }) => withCourseErrors(() => storeOf(ctx).create(ctx.workspace.id, input, ctx.actorUserId))),

  update: editorProcedure
    .input(z.object({ id: idInput.shape.id, baseVersion: z.number().int().positive().optional(), title: courseTitleSchema, languages: languagesSchema, content: courseContentSchema }))
    .mutation(({ ctx, input }) => withCourseErrors(() => storeOf(ctx).update(ctx.workspace.id, input.id, input))),

  remove: editorProcedure.input(idInput).mutation(({ ctx, input }) =>
    withCourseErrors(async () => {
      await storeOf(ctx).remove(ctx.workspace.id, input.id);
      return { removed: true };
    }),
  ),

  /** The messages in one language and the inspector's verdict on the compiled flow, plus what blocks publishing. */
  preview: viewerProcedure
    .input(z.object({ id: idInput.shape.id, language: z.string().optional() }))
    .query(({ ctx, input }) =>
      withCourseErrors(async () => {
        const { course, flow, problems } = await storeOf(ctx).compile(ctx.workspace.id, input.id);
        const language = input.language && course.languages.includes(input.language) ? input.language : course.languages[0]!;
        return { ...previewCourse(course, flow, language), problems };
      }),
    ),

  publish: editorProcedure.input(idInput).mutation(({ ctx, input }) =>
    withCourseErrors(async () => {
      const published = await storeOf(ctx).publish(ctx.workspace.id, input.id, ctx.actorUserId);
      runtimeOf(ctx).assets.invalidate(ctx.workspace.id);
      return published;
    }),
  ),

  enrol: editorProcedure
    .input(z.object({ id: idInput.shape.id, groupId: z.string({ error: 'is required: pick a group' }).min(1, { error: 'is required: pick a group' }) }))
    .mutation(({ ctx, input }) =>
      withCourseErrors(async () => {
        const enrolled = await enrolGroup(ctx.db, { workspaceId: ctx.workspace.id, courseId: input.id, groupId: input.groupId, userId: ctx.actorUserId });
        runtimeOf(ctx).notify('bulk');
        return enrolled;
      }),
    ),

  progress: viewerProcedure.input(idInput).query(({ ctx, input }) =>
    withCourseErrors(async () => {
      const course = await storeOf(ctx).get(ctx.workspace.id, input.id);
      return courseProgress(ctx.db, ctx.workspace.id, course, ctx.services.clock.now());
    }),
  ),

  /** Sends the reminder now to everyone behind. */
  remind: editorProcedure.input(idInput).mutation(({ ctx, input }) =>
    withCourseErrors(async () => {
      const course = await storeOf(ctx).get(ctx.workspace.id, input.id);
      const sent = await sendCourseReminders(ctx.db, { workspaceId: ctx.workspace.id, course, automatic: false, userId: ctx.actorUserId, now: ctx.services.clock.now() });
      if (sent.recipients > 0) runtimeOf(ctx).notify('bulk');
      return sent;
    }),
  ),
});
