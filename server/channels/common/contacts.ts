/**
 * Stops the contact an outgoing message went to, when a provider reports after the fact that the
 * recipient opted out (Twilio status callback with error 21610). The send path stops contacts through
 * `FinalError({ contactStopped: true })`; this is the same effect for asynchronous reports.
 *
 * Example: `await stopContactOfMessage(rt, channel, { providerId: 'SM…' })` → true when a contact was stopped.
 */
import type { MessagingRuntime } from '../../messaging/runtime.js';
import { run } from '../../messaging/sql.js';

export async function stopContactOfMessage(rt: MessagingRuntime, channel: { id: string }, ref: { providerId?: string | null; messageUuid?: string | null }): Promise<boolean> {
  const now = rt.nowIso();
  const [column, value] = ref.messageUuid ? ['uuid', ref.messageUuid] : ['provider_id', ref.providerId];
  if (!value) return false;
  const changed = await rt.commits.submit((trx) =>
    run(trx, `UPDATE contacts SET status = 'stopped', updated_at = ? WHERE status = 'active' AND id = (SELECT contact_id FROM messages WHERE channel_id = ? AND ${column} = ? AND direction = 'out' LIMIT 1)`, [now, channel.id, value]),
  );
  return changed > 0;
}
