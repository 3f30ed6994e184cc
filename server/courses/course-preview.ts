/**
 * What a health worker would receive, in one language, without sending anything: the lesson and question
 * messages in order, then the closing messages; plus the inspector's verdict on the compiled flow.
 *
 *   const preview = previewCourse(course, flow, 'fra');
 *   preview.messages[0]  // { kind: "lesson", lesson: 1, text: "Leçon 1 : dépistage\n\nTestez…", attachment: "https://…" }
 *   preview.inspection   // { nodes: 27, errors: [], warnings: [] }
 */
import { readFlow } from '../../runtime/definition/read.js';
import { inspectFlow } from '../../runtime/inspect/index.js';
import type { Flow } from '../../runtime/definition/types.js';
import { lessonMessage, questionMessage } from './compile-course.js';
import type { CourseContent } from './course-types.js';

/** One previewed message. `text` is '' when the language's text is still missing. */
export interface PreviewMessage {
  kind: 'lesson' | 'question' | 'passed' | 'failed';
  lesson: number | null;
  text: string;
  attachment: string | null;
}

export interface CoursePreview {
  language: string;
  messages: PreviewMessage[];
  inspection: { nodes: number; errors: string[]; warnings: string[] };
}

export function previewCourse(course: { languages: string[]; content: CourseContent }, flow: Flow, language: string): CoursePreview {
  const messages: PreviewMessage[] = [];
  course.content.lessons.forEach((lesson, i) => {
    messages.push({ kind: 'lesson', lesson: i + 1, text: lessonMessage(lesson, language), attachment: lesson.mediaUrl });
    for (const question of lesson.questions) messages.push({ kind: 'question', lesson: i + 1, text: questionMessage(question, language), attachment: null });
  });
  messages.push({ kind: 'passed', lesson: null, text: course.content.completionMessage[language]?.trim() ?? '', attachment: null });
  messages.push({ kind: 'failed', lesson: null, text: course.content.failMessage[language]?.trim() ?? '', attachment: null });

  const read = readFlow(JSON.parse(JSON.stringify(flow)));
  const errors = read.issues.filter((i) => i.severity === 'error').map((i) => i.message);
  const warnings = read.issues.filter((i) => i.severity !== 'error').map((i) => i.message);
  if (read.flow) {
    for (const issue of inspectFlow(read.flow, null, { languages: course.languages }).issues) {
      (issue.severity === 'error' ? errors : warnings).push(issue.message);
    }
  }
  return { language, messages, inspection: { nodes: flow.nodes.length, errors, warnings } };
}
