/**
 * The message wait: pauses the session for the contact's reply, with an optional timeout
 * ("No reply after N seconds" category) and the flow's expiration. Produces goflow's msg_wait event.
 *
 *   const wait = beginMsgWait(router.wait, now, expireMinutes);  // { event, state }
 */
import type { MsgWait } from '../definition/types.js';
import { addSeconds } from '../engine/timestamps.js';
import { msgWait } from '../events/constructors.js';

/** Default expiration of messaging flows (7 days), when the flow doesn't set one. */
export const DEFAULT_EXPIRE_MINUTES = 10080;

export interface WaitStart {
  /** msg_wait event fields (without uuid/created_on). */
  event: Record<string, unknown>;
  /** What the session stores so the server can schedule the timeout and expiration. */
  state: { timeout_seconds?: number; timeout_on?: string; expires_on: string };
}

export function beginMsgWait(wait: MsgWait, now: string, expireAfterMinutes: number | undefined): WaitStart {
  const minutes = expireAfterMinutes && expireAfterMinutes > 0 ? expireAfterMinutes : DEFAULT_EXPIRE_MINUTES;
  const expiresOn = addSeconds(now, minutes * 60);
  const timeout = wait.timeout?.seconds;
  return {
    event: msgWait(expiresOn, timeout, wait.hint),
    state: {
      ...(timeout !== undefined ? { timeout_seconds: timeout, timeout_on: addSeconds(now, timeout) } : {}),
      expires_on: expiresOn,
    },
  };
}
