/**
 * Mutations of other teams' routers that the audit log must record, by procedure path. The procedure
 * builders in trpc.ts write the entry after a successful call, so those routers need no audit code.
 * `input: 'full'` stores the call's input (who was messaged, what); `'keys'` only its field names (for inputs
 * that may carry secrets, like channel configs).
 *
 * Example: `'messaging.broadcasts.create': { action: 'broadcast.create', input: 'full' }`.
 */

export interface AuditedMutation {
  action: string;
  input: 'full' | 'keys';
}

export const AUDITED_MUTATIONS: Record<string, AuditedMutation> = {
  'messaging.broadcasts.create': { action: 'broadcast.create', input: 'full' },
  'messaging.broadcasts.cancel': { action: 'broadcast.cancel', input: 'full' },
  'messaging.starts.create': { action: 'flow_start.create', input: 'full' },
  'messaging.starts.cancel': { action: 'flow_start.cancel', input: 'full' },
  'messaging.channels.create': { action: 'channel.create', input: 'keys' },
  'messaging.channels.update': { action: 'channel.update', input: 'keys' },
  'messaging.channels.delete': { action: 'channel.delete', input: 'keys' },
  'messaging.channels.remove': { action: 'channel.delete', input: 'keys' },
  'messaging.channels.archive': { action: 'channel.archive', input: 'keys' },
  'messaging.channels.sendTest': { action: 'channel.send_test', input: 'full' },
  'messaging.channels.registerWebhooks': { action: 'channel.register_webhooks', input: 'keys' },
  'inbox.reply': { action: 'inbox.reply', input: 'full' },
  'courses.publish': { action: 'course.publish', input: 'full' },
  'courses.enrol': { action: 'course.enrol', input: 'full' },
  'courses.remind': { action: 'course.remind', input: 'full' },
};

/** The audit target from a procedure's result (`{ id }` or `{ broadcast: { id } }`-like), else null. */
export function auditTargetOf(action: string, result: unknown): string | null {
  const kind = action.split('.')[0];
  const id = idOf(result) ?? (result && typeof result === 'object' ? Object.values(result).map(idOf).find(Boolean) : null);
  return id ? `${kind}:${id}` : null;
}

function idOf(value: unknown): string | null {
  if (value && typeof value === 'object' && 'id' in value && typeof (value as { id: unknown }).id === 'string') return (value as { id: string }).id;
  return null;
}
