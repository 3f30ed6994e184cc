/**
 * courses.* through tRPC callers: who may do what, field-specific input errors, publish refusals that name
 * the missing text, publishing a real flow (runtime reader), enrolling, and workspace isolation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../server/db/schema.js';
import { runtimeFlowTools } from '../../server/flows/flow-tools.js';
import { createTestEnv, outcome, type TestEnv } from '../server/helpers.js';
import { sampleContent } from './sample-course.js';

const MINIMUM_ROLE: Record<string, Role> = {
  'courses.list': 'viewer', 'courses.get': 'viewer', 'courses.preview': 'viewer', 'courses.progress': 'viewer',
  'courses.create': 'editor', 'courses.update': 'editor', 'courses.remove': 'editor', 'courses.publish': 'editor',
  'courses.enrol': 'editor', 'courses.remind': 'editor',
};
const RANK: Record<Role, number> = { viewer: 1, editor: 2, admin: 3 };

type AnyFn = (input?: unknown) => Promise<unknown>;
function procedureOf(caller: unknown, path: string): AnyFn {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as AnyFn;
}

async function errorOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    // Input errors: the issues the HTTP error formatter turns into "path: message" texts.
    const issues = (error as { cause?: { issues?: { path: PropertyKey[]; message: string }[] } }).cause?.issues;
    const message = issues ? issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ') : (error as Error).message;
    return { code: String((error as { code?: unknown }).code), message };
  }
  throw new Error('expected the call to fail');
}

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv(runtimeFlowTools);
});
afterAll(async () => {
  await env.close();
});

describe('courses API authorization', () => {
  it('lists every courses procedure here', async () => {
    const { appRouter } = await import('../../server/api/router.js');
    const paths = Object.keys(appRouter._def.procedures as Record<string, unknown>).filter((p) => p.startsWith('courses.'));
    expect(paths.sort()).toEqual(Object.keys(MINIMUM_ROLE).sort());
  });

  const cases = Object.entries(MINIMUM_ROLE).flatMap(([path, min]) => (['viewer', 'editor', 'admin'] as const).map((role) => [path, role, min] as const));
  it.each(cases)('%s as %s (minimum %s)', async (path, role, min) => {
    const result = await outcome(procedureOf(env.caller('A', role), path)({ id: 'missing', title: 'x', languages: ['eng'], groupId: 'missing' }));
    if (RANK[role] < RANK[min]) expect(result).toBe('FORBIDDEN');
    else expect(['FORBIDDEN', 'UNAUTHORIZED']).not.toContain(result);
  });

  it('refuses anonymous callers', async () => {
    for (const path of Object.keys(MINIMUM_ROLE)) expect(await outcome(procedureOf(env.anonymous(), path)({ id: 'x' }))).toBe('UNAUTHORIZED');
  });
});

describe('writing and publishing a course', () => {
  it('creates with default messages, reports bad fields by path, and refuses to publish missing texts', async () => {
    const editor = env.caller('A', 'editor');
    const course = await editor.courses.create({ title: 'Malaria refresher', languages: ['eng', 'fra'] });
    expect(course.content.completionMessage.fra).toMatch(/Félicitations/);
    expect(course.version).toBe(1);

    const bad = structuredClone(sampleContent()) as unknown as { lessons: { questions: { correctChoiceId?: string }[] }[]; questionTimeoutHours: number };
    bad.lessons[0]!.questions[0]!.correctChoiceId = 'nope';
    bad.questionTimeoutHours = 0;
    const invalid = await errorOf(editor.courses.update({ id: course.id, title: 'Malaria refresher', languages: ['eng', 'fra'], content: bad as never }));
    expect(invalid.code).toBe('BAD_REQUEST');
    expect(invalid.message).toContain('content.lessons.0.questions.0.correctChoiceId: must be the id of one of the choices');
    expect(invalid.message).toContain('content.questionTimeoutHours: must be at least 1 hour');
    expect((await errorOf(editor.courses.create({ title: 'X', languages: ['english'] }))).message).toContain('languages.0: must be an ISO-639-3 language code');

    const incomplete = sampleContent();
    incomplete.lessons[0]!.text.fra = '';
    const saved = await editor.courses.update({ id: course.id, baseVersion: 1, title: 'Malaria refresher', languages: ['eng', 'fra'], content: incomplete });
    expect(saved.version).toBe(2);
    expect((await errorOf(editor.courses.update({ id: course.id, baseVersion: 1, title: 'Late', languages: ['eng'], content: incomplete }))).code).toBe('CONFLICT');
    const refused = await errorOf(editor.courses.publish({ id: course.id }));
    expect(refused).toMatchObject({ code: 'BAD_REQUEST' });
    expect(refused.message).toContain('lessons[0].text.fra: is empty');
    const preview = await editor.courses.preview({ id: course.id, language: 'fra' });
    expect(preview.problems.map((p) => p.path)).toEqual(['lessons[0].text.fra']);
    expect(preview.messages[0]!.text).toBe('Leçon 1 : dépistage'); // the title alone until the text is written

    await editor.courses.update({ id: course.id, baseVersion: 2, title: 'Malaria refresher', languages: ['eng', 'fra'], content: sampleContent() });
    const viewer = env.caller('A', 'viewer');
    const clean = await viewer.courses.preview({ id: course.id, language: 'fra' });
    expect(clean.problems).toEqual([]);
    expect(clean.inspection.errors).toEqual([]);
    expect(clean.inspection.warnings).toEqual([]);
    expect(clean.messages.map((m) => m.kind)).toEqual(['lesson', 'question', 'lesson', 'question', 'question', 'passed', 'failed']);
    expect(clean.messages[1]!.text).toBe('Avec quoi testez-vous une fièvre pour le paludisme ?\n1. Un thermomètre\n2. Un TDR\n3. Rien');

    // enrolling before publishing is refused, naming why
    const group = await editor.groups.create({ name: 'Kilifi nurses' });
    expect((await errorOf(editor.courses.enrol({ id: course.id, groupId: group.id }))).message).toMatch(/has not been published yet/);

    const published = await editor.courses.publish({ id: course.id });
    expect(published.revision).toBe(2);
    const flow = await viewer.flows.get({ id: published.flowId });
    expect(flow).toMatchObject({ name: 'Course: Malaria refresher', publishedRevision: 2 });
    expect((await viewer.courses.list()).find((c) => c.id === course.id)).toMatchObject({ lessonCount: 2, questionCount: 3, hasUnpublishedChanges: false });

    // republishing the same flow adds a revision
    expect((await editor.courses.publish({ id: course.id })).revision).toBe(3);

    const contact = await editor.contacts.create({ name: 'Amina', urns: ['tel:+254711000001'] });
    await editor.groups.addMembers({ groupId: group.id, contactIds: [contact.id] });
    const enrolled = await editor.courses.enrol({ id: course.id, groupId: group.id });
    expect(enrolled.flowStartId).toBeTruthy();
    // sending to many people is audited, with who did it and which course/group
    const audited = await env.db.selectFrom('audit_log').select(['action', 'user_id', 'detail']).where('action', 'like', 'course.%').orderBy('created_at').execute();
    expect(audited.map((a) => a.action)).toEqual(['course.publish', 'course.publish', 'course.enrol']);
    expect(audited[2]!.user_id).toBe(env.users.A.editor);
    expect(audited[2]!.detail).toContain(group.id);
    expect((await errorOf(editor.courses.enrol({ id: course.id, groupId: 'no-such-group' }))).code).toBe('NOT_FOUND');
    const details = await viewer.courses.get({ id: course.id });
    expect(details.enrolments).toMatchObject([{ groupName: 'Kilifi nurses', startStatus: 'pending' }]);
    const progress = await viewer.courses.progress({ id: course.id });
    expect(progress.totals).toEqual({ enrolled: 1, started: 0, completed: 0, passed: 0, behind: 0 });
    expect(progress.rows[0]).toMatchObject({ name: 'Amina', status: 'pending' });
    expect(await editor.courses.remind({ id: course.id })).toEqual({ reminderId: null, broadcastId: null, recipients: 0 });

    // another workspace sees nothing
    const otherAdmin = env.caller('B', 'admin');
    expect((await otherAdmin.courses.list()).map((c) => c.id)).not.toContain(course.id);
    const calls = [
      () => otherAdmin.courses.get({ id: course.id }), () => otherAdmin.courses.publish({ id: course.id }),
      () => otherAdmin.courses.progress({ id: course.id }), () => otherAdmin.courses.enrol({ id: course.id, groupId: group.id }),
    ];
    for (const call of calls) expect(await outcome(call())).toBe('NOT_FOUND');
    expect(await outcome(otherAdmin.courses.remove({ id: course.id }))).toBe('NOT_FOUND');

    // removing the course archives its flow (runs and results stay)
    expect(await editor.courses.remove({ id: course.id })).toEqual({ removed: true });
    expect((await viewer.courses.list()).map((c) => c.id)).not.toContain(course.id);
    expect((await viewer.flows.get({ id: published.flowId })).archived).toBe(true);
  });
});
