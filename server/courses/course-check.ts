/**
 * What must be true before a course can be published: at least one lesson, and every text written in every
 * language of the course. Each problem names the field, e.g. `lessons[1].questions[0].prompt.fra: is empty`.
 *
 *   const problems = checkCourseForPublish(course);
 *   if (problems.length) refuse(problems);
 */
import type { CourseContent, Texts } from './course-types.js';

/** One reason a course cannot be published. Example: `{ path: "lessons[0].text.fra", message: "lessons[0].text.fra: is empty (French text is missing)" }`. */
export interface CourseProblem {
  path: string;
  message: string;
}

export function checkCourseForPublish(course: { languages: string[]; content: CourseContent }): CourseProblem[] {
  const problems: CourseProblem[] = [];
  const needTexts = (texts: Texts, path: string) => {
    for (const lang of course.languages) {
      if (!texts[lang]?.trim()) problems.push({ path: `${path}.${lang}`, message: `${path}.${lang}: is empty (the ${lang} text is missing)` });
    }
  };
  const { content } = course;
  if (content.lessons.length === 0) problems.push({ path: 'lessons', message: 'lessons: a course needs at least one lesson' });
  content.lessons.forEach((lesson, l) => {
    const at = `lessons[${l}]`;
    needTexts(lesson.title, `${at}.title`);
    needTexts(lesson.text, `${at}.text`);
    lesson.questions.forEach((question, q) => {
      const qAt = `${at}.questions[${q}]`;
      needTexts(question.prompt, `${qAt}.prompt`);
      if (question.kind === 'choice') question.choices.forEach((choice, c) => needTexts(choice.text, `${qAt}.choices[${c}].text`));
    });
  });
  needTexts(content.completionMessage, 'completionMessage');
  needTexts(content.failMessage, 'failMessage');
  return problems;
}
