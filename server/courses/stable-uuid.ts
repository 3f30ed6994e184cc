/**
 * Deterministic UUIDs for compiled course flows: the same course, lesson or question part always gets the same
 * node / action / exit UUID, so recompiling an edited course keeps the UUIDs of everything that still exists and
 * sessions waiting at a question carry on in the new revision.
 *
 *   stableUuid('course-id', 'lesson', 'l1', 'question', 'q1', 'wait')  // → "3f6c…-…" (same every time)
 */
import { createHash } from 'node:crypto';

/** A version-5-style UUID (SHA-1 of the parts joined with "/"). */
export function stableUuid(...parts: string[]): string {
  const hex = createHash('sha1').update(parts.join('/')).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
