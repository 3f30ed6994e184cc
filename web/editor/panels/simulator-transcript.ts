/**
 * Reads the simulator's answers (messaging.simulator.start / reply / timeout) into a chat transcript: the
 * flow's messages, the contact's replies, and short notes for what else happened (results saved, contact
 * updated, web service called, errors).
 *
 *   const entries = transcriptEntries(response.events, t);
 *   // [{ kind: 'out', text: 'What is your name?', quickReplies: [] }, { kind: 'in', text: 'Amina' }, ...]
 */
import type { TFunction } from 'i18next';

/** One line of the chat. Example: `{ kind: "out", text: "Your age?", quickReplies: ["<20", "20+"] }`. */
export type TranscriptEntry =
  | { kind: 'out'; text: string; quickReplies: string[]; attachments: string[] }
  | { kind: 'in'; text: string }
  | { kind: 'note'; text: string; tone: 'info' | 'error' };

/** A goflow event as the simulator returns it. Example: `{ type: "msg_created", msg: { text: "Hi" } }`. */
export interface SimulatorEvent {
  type: string;
  [field: string]: unknown;
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

/** Quick replies are strings in older specs and `{ text }` objects in newer ones. */
function quickReplies(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((item) => (typeof item === 'string' ? item : str(record(item).text))).filter(Boolean);
}

function groupNames(value: unknown): string {
  return Array.isArray(value) ? value.map((group) => str(record(group).name)).filter(Boolean).join(', ') : '';
}

/** "Saved “Age”: 34 (Adult)"; without a value (a timeout) only the category; without a category only the value. */
function resultNote(event: SimulatorEvent, t: TFunction): string {
  const name = str(event.name);
  const value = str(event.value);
  const category = str(event.category_localized) || str(event.category);
  if (!value && category) return t('simulator.notes.resultCategoryOnly', { name, category });
  if (category) return t('simulator.notes.resultWithCategory', { name, value, category });
  return t('simulator.notes.result', { name, value });
}

/** The transcript entries for a list of events, in order. */
export function transcriptEntries(events: readonly SimulatorEvent[], t: TFunction): TranscriptEntry[] {
  const entries: TranscriptEntry[] = [];
  for (const event of events) {
    const msg = record(event.msg);
    switch (event.type) {
      case 'msg_created':
      case 'ivr_created':
        entries.push({
          kind: 'out',
          text: str(msg.text),
          quickReplies: quickReplies(msg.quick_replies),
          attachments: Array.isArray(msg.attachments) ? msg.attachments.map(str) : [],
        });
        break;
      case 'msg_received':
        entries.push({ kind: 'in', text: str(msg.text) });
        break;
      case 'run_result_changed':
        entries.push({
          kind: 'note',
          tone: 'info',
          text: resultNote(event, t),
        });
        break;
      case 'contact_field_changed':
        entries.push({
          kind: 'note',
          tone: 'info',
          text: t('simulator.notes.field', { name: str(record(event.field).name) || str(record(event.field).key), value: str(record(event.value).text) }),
        });
        break;
      case 'contact_name_changed':
        entries.push({ kind: 'note', tone: 'info', text: t('simulator.notes.name', { name: str(event.name) }) });
        break;
      case 'contact_language_changed':
        entries.push({ kind: 'note', tone: 'info', text: t('simulator.notes.language', { language: str(event.language) }) });
        break;
      case 'contact_groups_changed': {
        const added = groupNames(event.groups_added);
        const removed = groupNames(event.groups_removed);
        if (added) entries.push({ kind: 'note', tone: 'info', text: t('simulator.notes.groupsAdded', { groups: added }) });
        if (removed) entries.push({ kind: 'note', tone: 'info', text: t('simulator.notes.groupsRemoved', { groups: removed }) });
        break;
      }
      case 'webhook_called':
        entries.push({ kind: 'note', tone: 'info', text: t('simulator.notes.webhook', { url: str(event.url), status: str(event.status_code ?? event.status) }) });
        break;
      case 'email_sent':
        entries.push({ kind: 'note', tone: 'info', text: t('simulator.notes.email', { subject: str(event.subject) }) });
        break;
      case 'flow_entered':
        entries.push({ kind: 'note', tone: 'info', text: t('simulator.notes.flowEntered', { name: str(record(event.flow).name) }) });
        break;
      case 'error':
      case 'failure':
        entries.push({ kind: 'note', tone: 'error', text: t('simulator.notes.error', { text: str(event.text) }) });
        break;
      default:
        break; // msg_wait, run_started, … are shown through the status, not as chat lines
    }
  }
  return entries;
}

/** Quick replies offered by the last message of the flow, if the contact has not answered since. */
export function pendingQuickReplies(entries: readonly TranscriptEntry[]): string[] {
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i];
    if (entry.kind === 'in') return [];
    if (entry.kind === 'out') return entry.quickReplies;
  }
  return [];
}
