/**
 * Pure helpers for the course form: new lessons / questions / choices with fresh ids (the ids keep the compiled
 * flow's node UUIDs stable, so they never change once made), and moving items in a list.
 *
 *   const lesson = newLesson(['eng', 'fra']);   // { id: "…", title: { eng: "", fra: "" }, …, questions: [] }
 *   setContent({ ...content, lessons: moveItem(content.lessons, 2, -1) });
 */
import type { ApiOutputs } from '../api/trpc-client.js';

export type CourseDetails = ApiOutputs['courses']['get'];
export type CourseContent = CourseDetails['content'];
export type Lesson = CourseContent['lessons'][number];
export type Question = Lesson['questions'][number];
export type Texts = Record<string, string>;

/**
 * A random 16-character hex id, accepted by the server's id pattern. getRandomValues (not randomUUID) so it
 * also works on a plain-http LAN address, which is not a secure context.
 */
export function newItemId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function emptyTexts(languages: readonly string[]): Texts {
  return Object.fromEntries(languages.map((l) => [l, '']));
}

export function newLesson(languages: readonly string[]): Lesson {
  return { id: newItemId(), title: emptyTexts(languages), text: emptyTexts(languages), mediaUrl: null, questions: [] };
}

export function newChoiceQuestion(languages: readonly string[]): Question {
  const choices = [{ id: newItemId(), text: emptyTexts(languages) }, { id: newItemId(), text: emptyTexts(languages) }];
  return { id: newItemId(), kind: 'choice', prompt: emptyTexts(languages), choices, correctChoiceId: choices[0]!.id };
}

export function newNumberQuestion(languages: readonly string[]): Question {
  return { id: newItemId(), kind: 'number', prompt: emptyTexts(languages), answer: 0, tolerance: 0 };
}

/** The list with item `index` moved by `delta` places (unchanged when it would leave the list). */
export function moveItem<T>(items: readonly T[], index: number, delta: number): T[] {
  const target = index + delta;
  if (target < 0 || target >= items.length) return [...items];
  const copy = [...items];
  const [item] = copy.splice(index, 1);
  copy.splice(target, 0, item!);
  return copy;
}

/** The list with item `index` replaced. */
export function replaceItem<T>(items: readonly T[], index: number, item: T): T[] {
  return items.map((existing, i) => (i === index ? item : existing));
}
