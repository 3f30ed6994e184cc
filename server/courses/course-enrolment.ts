/**
 * Enrolling a group in a course: one flow start of the course's published flow for the group, without
 * restarting anyone who already ran it (so enrolling a group again only starts its new members). The bulk loop
 * then works through the start; wake it with `runtimeFor(db).notify('bulk')`.
 *
 * Example:
 *   const { enrolmentId, flowStartId } = await enrolGroup(db, { workspaceId, courseId, groupId, userId });
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { isoNow, newId } from '../db/ids.js';
import { createFlowStart } from '../messaging/flow-starts.js';
import { CourseError } from './course-error.js';

/** An enrolment as listed. Example: `{ id, groupId, groupName: "Kilifi nurses", flowStartId, startStatus: "completed", createdAt }`. */
export interface EnrolmentSummary {
  id: string;
  groupId: string;
  groupName: string;
  flowStartId: string | null;
  startStatus: string | null;
  createdAt: string;
}

export async function enrolGroup(
  db: Kysely<Database>,
  input: { workspaceId: string; courseId: string; groupId: string; userId: string | null },
): Promise<{ enrolmentId: string; flowStartId: string }> {
  const course = await db.selectFrom('courses').select(['id', 'title', 'flow_id', 'published_version'])
    .where('workspace_id', '=', input.workspaceId).where('id', '=', input.courseId).executeTakeFirst();
  if (!course) throw new CourseError('not_found', `No course with id ${input.courseId} in this workspace.`);
  if (!course.flow_id || course.published_version === null) throw new CourseError('invalid', `courseId: "${course.title}" has not been published yet; publish it before enrolling a group.`);
  // The group may be given by id or uuid (the recipient picker uses uuids).
  const group = await db.selectFrom('groups').select(['id', 'uuid', 'name'])
    .where('workspace_id', '=', input.workspaceId)
    .where((eb) => eb.or([eb('id', '=', input.groupId), eb('uuid', '=', input.groupId)]))
    .executeTakeFirst();
  if (!group) throw new CourseError('not_found', `groupId: no group ${input.groupId} in this workspace.`);
  const flowStartId = await createFlowStart(db, {
    workspaceId: input.workspaceId, flowId: course.flow_id, targets: { groups: [group.uuid] },
    params: { restart_participants: false, params: { kind: 'course', course_id: course.id } }, createdBy: input.userId,
  });
  const enrolmentId = newId();
  await db.insertInto('course_enrolments').values({
    id: enrolmentId, workspace_id: input.workspaceId, course_id: course.id, group_id: group.id, flow_start_id: flowStartId, created_by: input.userId, created_at: isoNow(),
  }).execute();
  return { enrolmentId, flowStartId };
}

export async function listEnrolments(db: Kysely<Database>, workspaceId: string, courseId: string): Promise<EnrolmentSummary[]> {
  const rows = await db.selectFrom('course_enrolments as e')
    .innerJoin('groups as g', 'g.id', 'e.group_id')
    .leftJoin('flow_starts as s', 's.id', 'e.flow_start_id')
    .select(['e.id', 'e.group_id', 'g.name as group_name', 'e.flow_start_id', 's.status as start_status', 'e.created_at'])
    .where('e.workspace_id', '=', workspaceId).where('e.course_id', '=', courseId)
    .orderBy('e.created_at', 'desc').orderBy('e.id', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, groupId: r.group_id, groupName: r.group_name, flowStartId: r.flow_start_id, startStatus: r.start_status ?? null, createdAt: r.created_at }));
}
