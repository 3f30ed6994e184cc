/**
 * Time-ordered identifiers and timestamps for rows.
 * Example: `newId()` → "019abf3c-6d2e-7c41-9a3f-2b7e5d1c0a88"; `isoNow()` → "2026-11-25T14:46:00.000Z".
 */
import { v7 as uuidv7 } from 'uuid';

/** A new UUIDv7 (time-ordered, so B-tree primary keys stay append-mostly). */
export function newId(): string {
  return uuidv7();
}

/** The current time as ISO-8601 UTC text, the format of every `*_at` column. */
export function isoNow(date: Date = new Date()): string {
  return date.toISOString();
}
