/**
 * Turns engine events into simulator transcript lines, e.g.
 *   bot> What is your name?   [Yes] [No]
 *     · result "Name" = "Bob" (All Responses)
 *
 *   for (const line of describeEvent(event)) write(line + '\n');
 */
import type { FlowEvent } from '../runtime/events/types.js';

export function describeEvent(e: FlowEvent): string[] {
  const ref = (v: unknown) => (v as { name?: string } | undefined)?.name ?? '';
  switch (e.type) {
    case 'msg_created': {
      const msg = e.msg as { text: string; attachments?: string[]; quick_replies?: { text: string }[] };
      const lines = msg.text.split('\n').map((l, i) => (i === 0 ? `bot> ${l}` : `     ${l}`));
      for (const a of msg.attachments ?? []) lines.push(`     (attachment ${a})`);
      if (msg.quick_replies?.length) lines.push(`     ${msg.quick_replies.map((q) => `[${q.text}]`).join(' ')}`);
      return lines;
    }
    case 'run_result_changed':
      return [`  · result "${String(e.name)}" = "${String(e.value)}"${e.category ? ` (${String(e.category)})` : ''}`];
    case 'run_started':
      return e.parent_uuid ? [`  ↳ entering flow "${ref(e.flow)}"`] : [`  ▶ flow "${ref(e.flow)}" started`];
    case 'run_ended':
      return [`  ■ flow "${ref(e.flow)}" ${String(e.status)}`];
    case 'msg_wait':
      return e.timeout_seconds ? [`  … waiting for a reply (timeout ${String(e.timeout_seconds)}s)`] : [];
    case 'contact_name_changed':
      return [`  · contact name → "${String(e.name)}"`];
    case 'contact_language_changed':
      return [`  · contact language → "${String(e.language)}"`];
    case 'contact_field_changed':
      return [`  · field "${ref(e.field)}" → ${e.value ? `"${(e.value as { text: string }).text}"` : '(cleared)'}`];
    case 'contact_groups_changed': {
      const names = (list: unknown) => ((list as { name: string }[] | undefined) ?? []).map((g) => g.name).join(', ');
      return [`  · groups${e.groups_added ? ` +[${names(e.groups_added)}]` : ''}${e.groups_removed ? ` -[${names(e.groups_removed)}]` : ''}`];
    }
    case 'contact_urns_changed':
      return [`  · URNs → ${(e.urns as string[]).join(', ')}`];
    case 'contact_status_changed':
      return [`  · contact status → ${String(e.status)}`];
    case 'contact_timezone_changed':
      return [`  · contact time zone → "${String(e.timezone)}"`];
    case 'webhook_called':
      return [`  · webhook ${String(e.url)} → ${String(e.status_code ?? e.status)}`];
    case 'email_sent':
      return [`  · email to ${(e.to as string[]).join(', ')}: "${String(e.subject)}"`];
    case 'broadcast_created':
      return [`  · broadcast created`];
    case 'session_triggered':
      return [`  · flow "${ref(e.flow)}" started for other contacts`];
    case 'input_labels_added':
      return [`  · message labelled ${((e.labels as { name: string }[]) ?? []).map((l) => l.name).join(', ')}`];
    case 'error':
    case 'warning':
      return [`  ! ${e.type}: ${String(e.text)}`];
    case 'failure':
      return [`  ✗ failure: ${String(e.text)}`];
    default:
      return [`  · ${e.type}`];
  }
}
