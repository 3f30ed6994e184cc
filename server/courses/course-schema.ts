/**
 * zod schemas of a course as the API accepts it. Structure is checked here (field-specific messages); whether
 * every text is filled in for every language is checked at publish time by ./course-check.ts, so a trainer can
 * save a half-written course.
 *
 *   const parsed = courseInputSchema.safeParse(body);   // issues like `content.lessons.0.questions.1.choices: needs at least 2 choices`
 */
import { z } from 'zod';
import { isLanguageCode } from '../../runtime/definition/language-codes.js';
import type { CourseContent } from './course-types.js';

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const idSchema = z.string({ error: 'is required' }).regex(ID_PATTERN, { error: 'must be 1–64 letters, digits, "-" or "_"' });

/** Texts per language: keys must be ISO-639-3 codes; values at most 1600 characters (10 SMS segments). */
export const textsSchema = z
  .record(z.string(), z.string({ error: 'must be text' }).max(1600, { error: 'must be at most 1600 characters' }), { error: 'must be an object of texts per language' })
  .superRefine((texts, ctx) => {
    for (const key of Object.keys(texts)) {
      if (!isLanguageCode(key)) ctx.addIssue({ code: 'custom', path: [key], message: `"${key}" is not an ISO-639-3 language code like "eng" or "fra"` });
    }
  });

const choiceSchema = z.object({ id: idSchema, text: textsSchema });

const choiceQuestionSchema = z
  .object({
    id: idSchema,
    kind: z.literal('choice'),
    prompt: textsSchema,
    choices: z.array(choiceSchema).min(2, { error: 'needs at least 2 choices' }).max(9, { error: 'can have at most 9 choices (answered with one digit)' }),
    correctChoiceId: z.string({ error: 'is required: pick the right answer' }),
  })
  .superRefine((q, ctx) => {
    if (!q.choices.some((c) => c.id === q.correctChoiceId)) ctx.addIssue({ code: 'custom', path: ['correctChoiceId'], message: 'must be the id of one of the choices (pick the right answer)' });
    const ids = new Set<string>();
    q.choices.forEach((c, i) => {
      if (ids.has(c.id)) ctx.addIssue({ code: 'custom', path: ['choices', i, 'id'], message: `duplicate choice id "${c.id}"` });
      ids.add(c.id);
    });
  });

const numberQuestionSchema = z.object({
  id: idSchema,
  kind: z.literal('number'),
  prompt: textsSchema,
  answer: z.number({ error: 'must be a number (the right answer)' }).finite({ error: 'must be a finite number' }),
  tolerance: z.number({ error: 'must be a number' }).min(0, { error: 'must be 0 or more' }).default(0),
});

export const questionSchema = z.discriminatedUnion('kind', [choiceQuestionSchema, numberQuestionSchema], { error: 'kind must be "choice" or "number"' });

const mediaUrlSchema = z
  .string()
  .max(2000, { error: 'must be at most 2000 characters' })
  .refine((url) => /^https?:\/\/\S+$/i.test(url), { error: 'must be an http(s) URL' })
  .nullable()
  .default(null);

export const lessonSchema = z.object({
  id: idSchema,
  title: textsSchema,
  text: textsSchema,
  mediaUrl: mediaUrlSchema,
  questions: z.array(questionSchema).max(20, { error: 'a lesson can have at most 20 questions' }).default([]),
});

export const spacingSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('days'), days: z.number({ error: 'must be a number of days' }).int({ error: 'must be a whole number of days' }).min(1, { error: 'must be at least 1 day' }).max(60, { error: 'must be at most 60 days' }) }),
  z.object({ mode: z.literal('answered') }),
], { error: 'mode must be "days" or "answered"' });

export const courseContentSchema = z
  .object({
    lessons: z.array(lessonSchema).max(30, { error: 'a course can have at most 30 lessons' }),
    passMark: z.number({ error: 'must be a percentage' }).min(0, { error: 'must be between 0 and 100' }).max(100, { error: 'must be between 0 and 100' }),
    // Below the flow's 14-day expiry (a waiting run expires after 20160 minutes).
    questionTimeoutHours: z.number({ error: 'must be a number of hours' }).int({ error: 'must be a whole number of hours' }).min(1, { error: 'must be at least 1 hour' }).max(168, { error: 'must be at most 168 hours (7 days)' }),
    spacing: spacingSchema,
    completionMessage: textsSchema,
    failMessage: textsSchema,
    reminderMessage: textsSchema,
    reminderAfterDays: z.number({ error: 'must be a number of days' }).int({ error: 'must be a whole number of days' }).min(1, { error: 'must be at least 1 day' }).max(365, { error: 'must be at most 365 days' }),
    autoRemind: z.boolean({ error: 'must be true or false' }).default(false),
    feedback: z.boolean({ error: 'must be true or false' }).default(false),
  })
  .superRefine((content, ctx) => {
    const seen = new Map<string, string>();
    const claim = (id: string, path: (string | number)[]) => {
      const where = path.join('.');
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path, message: `duplicate id "${id}" (also used at ${seen.get(id)})` });
      else seen.set(id, where);
    };
    content.lessons.forEach((lesson, l) => {
      claim(lesson.id, ['lessons', l, 'id']);
      lesson.questions.forEach((q, n) => claim(q.id, ['lessons', l, 'questions', n, 'id']));
    });
  });

export const languagesSchema = z
  .array(z.string().refine(isLanguageCode, { error: 'must be an ISO-639-3 language code like "eng" or "fra"' }))
  .min(1, { error: 'needs at least one language' })
  .max(10, { error: 'at most 10 languages' })
  .refine((langs) => new Set(langs).size === langs.length, { error: 'must not repeat a language' });

export const courseTitleSchema = z.string({ error: 'is required' }).trim().min(1, { error: 'must not be empty' }).max(120, { error: 'must be at most 120 characters' });

/** Input of create / update. */
export const courseInputSchema = z.object({
  title: courseTitleSchema,
  languages: languagesSchema,
  content: courseContentSchema,
});

/** A new course's content before the trainer writes anything: default messages in English and French. */
export function emptyCourseContent(languages: readonly string[]): CourseContent {
  const pick = (texts: Record<string, string>): Record<string, string> =>
    Object.fromEntries(languages.map((lang) => [lang, texts[lang] ?? texts.eng ?? '']));
  return {
    lessons: [],
    passMark: 60,
    questionTimeoutHours: 24,
    spacing: { mode: 'answered' },
    completionMessage: pick({ eng: 'Congratulations, you passed the course with @results.score correct answers!', fra: 'Félicitations, vous avez réussi le cours avec @results.score bonnes réponses !' }),
    failMessage: pick({ eng: 'You finished the course with @results.score correct answers. Please review the lessons.', fra: 'Vous avez terminé le cours avec @results.score bonnes réponses. Merci de revoir les leçons.' }),
    reminderMessage: pick({ eng: 'Reminder: please continue your refresher course by answering the last question.', fra: 'Rappel : merci de continuer votre cours de recyclage en répondant à la dernière question.' }),
    reminderAfterDays: 3,
    autoRemind: false,
    feedback: true,
  };
}
