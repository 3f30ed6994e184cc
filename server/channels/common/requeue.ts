/**
 * Puts back in the outbox a message the provider accepted and later reported as not sent because it was
 * throttled (Twilio error 63018 in a status callback: "rate limit exceeded" for a WhatsApp sender, nothing
 * reached the phone), so the outbox sends it again after a pause instead of marking it failed.
 *
 * Only a message that went out as ONE provider request is requeued (at most 1,600 characters, Twilio's
 * per-request limit): resending a multi-part message would repeat the parts that did arrive. Only from
 * "wired"/"sent" (a later delivered/read/failed report wins), and only while it has attempts left; otherwise
 * the caller records the failure as usual.
 *
 * Example: `await requeueThrottled(rt, channel, { providerId: 'SM…' }, 'twilio: error 63018 (throttled)', 60)` → true when requeued.
 */
import type { MessagingRuntime } from '../../messaging/runtime.js';
import { run } from '../../messaging/sql.js';

/** The outbox's default number of attempts (server/jobs/outbox-sender.ts). */
const MAX_ATTEMPTS = 3;
const SINGLE_REQUEST_MAX_CHARS = 1600;

export async function requeueThrottled(rt: MessagingRuntime, channel: { id: string }, ref: { providerId?: string | null; messageUuid?: string | null }, reason: string, retryAfterSeconds: number): Promise<boolean> {
  const [column, value] = ref.messageUuid ? ['uuid', ref.messageUuid] : ['provider_id', ref.providerId];
  if (!value) return false;
  const now = rt.now();
  const next = new Date(now.getTime() + retryAfterSeconds * 1000).toISOString();
  const changed = await rt.commits.submit((trx) =>
    run(
      trx,
      `UPDATE messages SET status = 'errored', error = ?, next_attempt_at = ?, updated_at = ?
        WHERE channel_id = ? AND ${column} = ? AND direction = 'out' AND status IN ('wired', 'sent') AND attempts < ? AND length(text) <= ?`,
      [reason.slice(0, 1000), next, now.toISOString(), channel.id, value, MAX_ATTEMPTS, SINGLE_REQUEST_MAX_CHARS],
    ),
  );
  if (changed > 0) rt.notify('outbox');
  return changed > 0;
}
