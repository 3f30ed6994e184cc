/**
 * Sending one message as several provider calls (long text split into parts, media first then text)
 * without repeating a part the provider already accepted when the outbox retries after a failure in
 * the middle. Progress is kept in memory by message uuid for a day: a retry in the same process
 * resumes after the last accepted part. (After a restart the outbox never blindly resends a message
 * that was "sending" — see server/jobs/outbox-sender.ts — so progress need not survive a crash.)
 *
 * The message's provider id is the first part's id (as courier does); delivery reports for the other
 * parts match nothing and are ignored.
 *
 * Example:
 *   return sendParts(msg.uuid, parts.length, async (i) => (await postPart(parts[i])).id);
 */
import type { SendResult } from '../types.js';

interface Progress {
  done: number;
  firstId: string | null;
  at: number;
}

const DAY_MS = 24 * 3600_000;
const progress = new Map<string, Progress>();

function sweep(now: number): void {
  if (progress.size < 1000) return;
  for (const [key, value] of progress) if (now - value.at > DAY_MS) progress.delete(key);
}

/** Calls `sendPart(i)` for each part not yet accepted; returns wired with the first part's id. A throw keeps the progress. */
export async function sendParts(msgUuid: string, count: number, sendPart: (index: number) => Promise<string | null>): Promise<SendResult> {
  const now = Date.now();
  sweep(now);
  const state = progress.get(msgUuid) ?? { done: 0, firstId: null, at: now };
  progress.set(msgUuid, state);
  for (let i = state.done; i < count; i++) {
    const id = await sendPart(i);
    if (i === 0) state.firstId = id;
    state.done = i + 1;
    state.at = Date.now();
  }
  progress.delete(msgUuid);
  return { status: 'wired', providerId: state.firstId };
}

/** How many parts of a message were already accepted (tests, diagnostics). */
export function partsAlreadySent(msgUuid: string): number {
  return progress.get(msgUuid)?.done ?? 0;
}
