/**
 * The refresher-course model a trainer fills in (no nodes): lessons with text, optional media and quiz
 * questions, a pass mark, the closing messages and how lessons are spread over time. Every text is given per
 * language (ISO-639-3 keys); the first of `languages` is the base language of the compiled flow.
 *
 * Example:
 *   {
 *     "title": "Malaria refresher", "languages": ["eng", "fra"],
 *     "lessons": [{ "id": "6c1d…", "title": { "eng": "Testing", "fra": "Dépistage" },
 *       "text": { "eng": "Test every fever with an RDT.", "fra": "Testez chaque fièvre avec un TDR." },
 *       "mediaUrl": null,
 *       "questions": [{ "id": "a4e2…", "kind": "choice", "prompt": { "eng": "Test fevers with?", "fra": "Tester avec ?" },
 *         "choices": [{ "id": "c1…", "text": { "eng": "RDT", "fra": "TDR" } }, { "id": "c2…", "text": { "eng": "Nothing", "fra": "Rien" } }],
 *         "correctChoiceId": "c1…" }] }],
 *     "passMark": 60, "questionTimeoutHours": 24, "spacing": { "mode": "days", "days": 2 },
 *     "completionMessage": { "eng": "Well done: @results.score points.", "fra": "Bravo : @results.score points." },
 *     "failMessage": { "eng": "You scored @results.score.", "fra": "Votre score : @results.score." },
 *     "reminderMessage": { "eng": "Please finish your course.", "fra": "Merci de terminer votre cours." },
 *     "reminderAfterDays": 3, "autoRemind": false
 *   }
 */

/** One text per language. Example: `{ "eng": "Hello", "fra": "Bonjour" }`. */
export type Texts = Record<string, string>;

/** One answer of a multiple-choice question. Example: `{ "id": "c1…", "text": { "eng": "RDT", "fra": "TDR" } }`. */
export interface Choice {
  id: string;
  text: Texts;
}

/** A multiple-choice question; the health worker replies with the choice's number (or its text). */
export interface ChoiceQuestion {
  id: string;
  kind: 'choice';
  prompt: Texts;
  choices: Choice[];
  correctChoiceId: string;
}

/** A question answered with a number; correct when within `tolerance` of `answer`. Example: `{ kind: "number", answer: 37.5, tolerance: 0.5, … }`. */
export interface NumberQuestion {
  id: string;
  kind: 'number';
  prompt: Texts;
  answer: number;
  tolerance: number;
}

/** A quiz question. */
export type Question = ChoiceQuestion | NumberQuestion;

/** One lesson: sent as one message (title, text, optional media), then its questions one by one. */
export interface Lesson {
  id: string;
  title: Texts;
  text: Texts;
  /** An attachment URL (image, audio, video, PDF) sent with the lesson, or null. */
  mediaUrl: string | null;
  questions: Question[];
}

/**
 * When lessons are sent. `days`: lesson k (1-based) is due (k − 1) × days after enrolment, counted from the
 * enrolment (not from the previous answer), so a late answer does not push later lessons back.
 * `answered`: the next lesson follows as soon as the previous lesson's questions are answered (or time out).
 */
export type Spacing = { mode: 'days'; days: number } | { mode: 'answered' };

/** Everything a trainer edits. See the module comment for an example. */
export interface CourseContent {
  lessons: Lesson[];
  /** Percentage of questions to answer correctly to pass (0–100). */
  passMark: number;
  /** "No reply after …": a question not answered within this many hours counts as wrong and the course goes on. */
  questionTimeoutHours: number;
  spacing: Spacing;
  completionMessage: Texts;
  failMessage: Texts;
  reminderMessage: Texts;
  /** Enrolled health workers who have not completed after this many days are "behind". */
  reminderAfterDays: number;
  /** Send the reminder automatically (at most once every `reminderAfterDays` days per course). */
  autoRemind: boolean;
  /** After each answer, say whether it was right, and give the right answer when not (absent: false). */
  feedback?: boolean;
}

/** A course as stored and shown. Example: `{ id, title: "Malaria refresher", languages: ["eng","fra"], content: {…}, flowId: null, … }`. */
export interface Course {
  id: string;
  title: string;
  languages: string[];
  content: CourseContent;
  /** The compiled flow (created on first publish), or null. */
  flowId: string | null;
  /** Incremented by every save; `publishedVersion` is the version last compiled and published. */
  version: number;
  publishedVersion: number | null;
  createdAt: string;
  updatedAt: string;
}
