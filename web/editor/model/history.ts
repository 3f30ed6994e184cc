/**
 * Undo / redo of flow edits: a list of past definitions and a list of undone ones. Edits that arrive in a
 * burst with the same `mergeKey` (typing in one field) become one step, so Ctrl+Z undoes the whole word.
 *
 *   let h = startHistory(flow);
 *   h = record(h, edited, 'text:4f2a');   h = undo(h);   h.present === flow
 */

/** Example: `{ past: [v1, v2], present: v3, future: [], lastKey: 'text:4f2a', lastAt: 1732541000000 }`. */
export interface History<T> {
  past: T[];
  present: T;
  future: T[];
  lastKey: string | null;
  lastAt: number;
}

/** Edits with the same key within this many milliseconds are merged into one undo step. */
export const MERGE_WINDOW_MS = 1500;
const LIMIT = 200;

export function startHistory<T>(present: T): History<T> {
  return { past: [], present, future: [], lastKey: null, lastAt: 0 };
}

export function record<T>(history: History<T>, next: T, mergeKey: string | null = null, now = Date.now()): History<T> {
  if (next === history.present) return history;
  const merge = mergeKey !== null && mergeKey === history.lastKey && now - history.lastAt < MERGE_WINDOW_MS;
  const past = merge ? history.past : [...history.past, history.present].slice(-LIMIT);
  return { past, present: next, future: [], lastKey: mergeKey, lastAt: now };
}

/** Replaces the present without an undo step (e.g. the server's revision number after a save). */
export function replacePresent<T>(history: History<T>, next: T): History<T> {
  return { ...history, present: next };
}

export function undo<T>(history: History<T>): History<T> {
  const previous = history.past[history.past.length - 1];
  if (previous === undefined) return history;
  return { past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future], lastKey: null, lastAt: 0 };
}

export function redo<T>(history: History<T>): History<T> {
  const [next, ...rest] = history.future;
  if (next === undefined) return history;
  return { past: [...history.past, history.present], present: next, future: rest, lastKey: null, lastAt: 0 };
}
