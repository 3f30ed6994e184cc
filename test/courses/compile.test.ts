import { describe, expect, it } from 'vitest';
import { readFlow } from '../../runtime/definition/read.js';
import { inspectFlow } from '../../runtime/inspect/index.js';
import { compileCourse, minimumCorrect, toTemplate } from '../../server/courses/compile-course.js';
import { checkCourseForPublish } from '../../server/courses/course-check.js';
import { courseContentSchema } from '../../server/courses/course-schema.js';
import { sampleCourse } from './sample-course.js';

const FLOW_UUID = '5d6b3c1e-8f7a-4b2c-9d0e-1f2a3b4c5d6e';

function compileAndRead(course = sampleCourse()) {
  const flow = compileCourse(course, FLOW_UUID);
  const read = readFlow(JSON.parse(JSON.stringify(flow)));
  return { flow, read };
}

describe('compiling a course into a flow', () => {
  for (const [spacing, feedback] of [[{ mode: 'answered' as const }, false], [{ mode: 'days' as const, days: 2 }, false], [{ mode: 'answered' as const }, true]] as const) {
    it(`reads and inspects without any issue (${spacing.mode} spacing, feedback ${feedback ? 'on' : 'off'})`, () => {
      const { flow, read } = compileAndRead(sampleCourse({ spacing, feedback }));
      expect(read.issues).toEqual([]);
      expect(read.flow).not.toBeNull();
      const inspection = inspectFlow(read.flow!, null, { languages: ['eng', 'fra'] });
      expect(inspection.issues).toEqual([]);
      expect(inspection.results.map((r) => r.key).sort()).toEqual(['l1_q1', 'l2_q1', 'l2_q2', 'lessons_done', 'outcome', 'score']);
      expect(flow.language).toBe('eng');
      expect(Object.keys(flow.localization)).toEqual(['fra']);
    });
  }

  it('keeps node uuids stable across recompiles and edits', () => {
    const before = compileCourse(sampleCourse(), FLOW_UUID);
    const again = compileCourse(sampleCourse(), FLOW_UUID);
    expect(again).toEqual(before);
    const edited = sampleCourse();
    edited.content.lessons[1]!.text.eng = 'ACT is given for three days, with food.';
    edited.content.lessons.reverse();
    const after = compileCourse(edited, FLOW_UUID);
    const beforeUuids = new Set(before.nodes.map((n) => n.uuid));
    expect(after.nodes.every((n) => beforeUuids.has(n.uuid))).toBe(true);
    // a new question adds nodes but keeps the others
    const more = sampleCourse();
    more.content.lessons[0]!.questions.push({ id: 'q9', kind: 'number', prompt: { eng: 'How many?', fra: 'Combien ?' }, answer: 1, tolerance: 0 });
    const grown = compileCourse(more, FLOW_UUID);
    expect(grown.nodes.length).toBeGreaterThan(before.nodes.length);
    expect(before.nodes.every((n) => grown.nodes.some((g) => g.uuid === n.uuid))).toBe(true);
  });

  it('sends the lesson with its media and translates every text', () => {
    const { flow } = compileAndRead();
    const lesson = flow.nodes.find((n) => n.actions.some((a) => a.type === 'send_msg' && String(a.text).startsWith('Lesson 1')))!;
    const action = lesson.actions[0]!;
    expect(action.attachments).toEqual(['image/jpeg:https://example.org/media/rdt.jpg']);
    expect(flow.localization.fra![action.uuid]!.text).toEqual(['Leçon 1 : dépistage\n\nTestez chaque fièvre avec un TDR avant de traiter.']);
  });

  it('uses "No reply after" timeouts on every question', () => {
    const { flow } = compileAndRead();
    const questionWaits = flow.nodes.filter((n) => n.router?.result_name?.startsWith('L'));
    expect(questionWaits).toHaveLength(3);
    for (const node of questionWaits) expect(node.router!.wait).toMatchObject({ type: 'msg', timeout: { seconds: 12 * 3600 } });
  });

  it('with feedback, says "Correct!" or gives the right answer, in each language', () => {
    const { flow } = compileAndRead(sampleCourse({ feedback: true }));
    const texts = flow.nodes.flatMap((n) => n.actions.filter((a) => a.type === 'send_msg').map((a) => ({ text: a.text, fra: flow.localization.fra?.[a.uuid]?.text?.[0] })));
    expect(texts).toContainEqual({ text: 'Correct!', fra: 'Bonne réponse !' });
    expect(texts).toContainEqual({ text: 'The right answer is: 2. An RDT', fra: 'La bonne réponse est : 2. Un TDR' });
    expect(texts).toContainEqual({ text: 'The right answer is: 3', fra: 'La bonne réponse est : 3' });
    const withoutFeedback = compileCourse(sampleCourse(), FLOW_UUID);
    expect(withoutFeedback.nodes.flatMap((n) => n.actions).some((a) => a.text === 'Correct!')).toBe(false);
  });

  it('computes the pass mark and escapes literal @ signs', () => {
    expect(minimumCorrect(60, 3)).toBe(2);
    expect(minimumCorrect(100, 3)).toBe(3);
    expect(minimumCorrect(50, 4)).toBe(2);
    expect(minimumCorrect(0, 4)).toBe(0);
    expect(toTemplate('Mail trainer@moh.go.ke, score @results.score, @(1 + 1)')).toBe('Mail trainer@@moh.go.ke, score @results.score, @(1 + 1)');
  });
});

describe('course input and publish checks', () => {
  it('names the missing translations', () => {
    const course = sampleCourse();
    course.content.lessons[1]!.questions[0]!.prompt.fra = '';
    course.content.completionMessage = { eng: 'Done' };
    expect(checkCourseForPublish(course).map((p) => p.message)).toEqual([
      'lessons[1].questions[0].prompt.fra: is empty (the fra text is missing)',
      'completionMessage.fra: is empty (the fra text is missing)',
    ]);
    expect(checkCourseForPublish({ languages: ['eng'], content: { ...course.content, lessons: [] } })[0]!.message).toBe('lessons: a course needs at least one lesson');
  });

  it('rejects bad structure with field paths', () => {
    const content = sampleCourse().content as unknown as Record<string, unknown>;
    const bad = structuredClone(content) as { lessons: { questions: { correctChoiceId?: string }[] }[]; passMark: number };
    bad.lessons[0]!.questions[0]!.correctChoiceId = 'zzz';
    bad.passMark = 120;
    const parsed = courseContentSchema.safeParse(bad);
    expect(parsed.success).toBe(false);
    const issues = parsed.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toContain('lessons.0.questions.0.correctChoiceId: must be the id of one of the choices (pick the right answer)');
    expect(issues).toContain('passMark: must be between 0 and 100');
  });
});
