/**
 * One constructor per event type the engine emits, giving goflow's JSON fields (the engine adds `uuid`
 * and `created_on` when it records the event). Keeping them here documents the output contract in one
 * place and keeps every emitter consistent.
 *
 *   run.emit(contactNameChanged('Amina'))   // { type: 'contact_name_changed', name: 'Amina' }
 */

/** A reference to an asset. Example: `{ uuid: 'b7cf...', name: 'Nurses' }`. */
export interface Ref {
  uuid: string;
  name: string;
}

/** An event before the engine stamps it. */
export interface EventBody {
  type: string;
  [field: string]: unknown;
}

/** Example: `{ type: 'run_started', run_uuid, flow: { uuid, name, revision }, parent_uuid? }`. */
export function runStarted(runUuid: string, flow: Record<string, unknown>, parentUuid?: string, terminal?: boolean): EventBody {
  return { type: 'run_started', run_uuid: runUuid, flow, ...(parentUuid ? { parent_uuid: parentUuid } : {}), ...(terminal ? { terminal: true } : {}) };
}

/** Example: `{ type: 'run_ended', run_uuid, flow, status: 'completed' }`. */
export function runEnded(runUuid: string, flow: Record<string, unknown>, status: string): EventBody {
  return { type: 'run_ended', run_uuid: runUuid, flow, status };
}

/** Example: `{ type: 'msg_created', msg: { urn, channel, text, quick_replies, locale } }`. */
export function msgCreated(msg: Record<string, unknown>): EventBody {
  return { type: 'msg_created', msg };
}

/** Example: `{ type: 'msg_wait', timeout_seconds: 600, expires_on: '...' }`. */
export function msgWait(expiresOn: string, timeoutSeconds?: number, hint?: unknown): EventBody {
  return { type: 'msg_wait', ...(timeoutSeconds !== undefined ? { timeout_seconds: timeoutSeconds } : {}), expires_on: expiresOn, ...(hint ? { hint } : {}) };
}

/** Example: `{ type: 'run_result_changed', name: 'Age', value: '18', category: 'Adult', previous: {...} }`. */
export function runResultChanged(name: string, value: string, category: string, extra?: unknown, previous?: { value: string; category: string }): EventBody {
  return {
    type: 'run_result_changed',
    name,
    value,
    category,
    ...(extra !== undefined ? { extra } : {}),
    ...(previous ? { previous } : {}),
  };
}

export function contactNameChanged(name: string): EventBody {
  return { type: 'contact_name_changed', name };
}

export function contactLanguageChanged(language: string): EventBody {
  return { type: 'contact_language_changed', language };
}

export function contactTimezoneChanged(timezone: string): EventBody {
  return { type: 'contact_timezone_changed', timezone };
}

export function contactStatusChanged(status: string): EventBody {
  return { type: 'contact_status_changed', status };
}

/** Example: `{ type: 'contact_field_changed', field: { key: 'age', name: 'Age' }, value: { text: '23', number: 23 } }`. */
export function contactFieldChanged(field: { key: string; name: string }, value: unknown): EventBody {
  return { type: 'contact_field_changed', field, value };
}

export function contactUrnsChanged(urns: string[]): EventBody {
  return { type: 'contact_urns_changed', urns };
}

/** Example: `{ type: 'contact_groups_changed', groups_added: [{ uuid, name }] }`. */
export function contactGroupsChanged(added: Ref[], removed: Ref[]): EventBody {
  return { type: 'contact_groups_changed', ...(added.length ? { groups_added: added } : {}), ...(removed.length ? { groups_removed: removed } : {}) };
}

export function inputLabelsAdded(inputUuid: string | undefined, labels: Ref[]): EventBody {
  return { type: 'input_labels_added', input_uuid: inputUuid, labels };
}

/** Example: `{ type: 'email_sent', to: ['a@b.org'], subject, body }`. */
export function emailSent(to: string[], subject: string, body: string): EventBody {
  return { type: 'email_sent', to, subject, body };
}

/** goflow's webhook_called: url, status_code, raw request/response, elapsed_ms, retries, sizes, status (+ resthook). */
export function webhookCalled(fields: Record<string, unknown>, resthook?: string): EventBody {
  return { ...fields, type: 'webhook_called', ...(resthook ? { resthook } : {}) };
}

export function resthookCalled(resthook: string, payload: unknown): EventBody {
  return { type: 'resthook_called', resthook, payload };
}

/** Example: `{ type: 'broadcast_created', translations: { eng: { text } }, base_language: 'eng', urns: [...] }`. */
export function broadcastCreated(fields: Record<string, unknown>): EventBody {
  return { type: 'broadcast_created', ...fields };
}

/** Example: `{ type: 'session_triggered', flow, contacts, exclusions: {}, run_summary, history }`. */
export function sessionTriggered(fields: Record<string, unknown>): EventBody {
  return { type: 'session_triggered', ...fields };
}

/** Example: `{ type: 'error', text: 'Error evaluating expression: division by zero', code: 'expression', extra: {...} }`. */
export function error(text: string, code?: string, extra?: Record<string, unknown>): EventBody {
  return { type: 'error', text, ...(code ? { code } : {}), ...(extra ? { extra } : {}) };
}

export function warning(text: string, code?: string, extra?: Record<string, unknown>): EventBody {
  return { type: 'warning', text, ...(code ? { code } : {}), ...(extra ? { extra } : {}) };
}

/** Example: `{ type: 'failure', text: 'Reached maximum number of steps per sprint (100)' }`. */
export function failure(text: string): EventBody {
  return { type: 'failure', text };
}
