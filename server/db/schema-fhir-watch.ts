/**
 * Tables of the FHIR connections' schedules, sync runs and watchers (migration 0006_fhir_watchers).
 * server/fhir/** reads and writes them; the API (server/api/routers/fhir.ts) shows them.
 */
import type { Flag, IsoTime, JsonText } from './schema.js';

/**
 * Per-connection sync settings and health. One row per `fhir_connections` row (made on first use).
 *
 * Example: `{ connection_id: '019a…', sync_interval_minutes: 360, sync_registry: 1, sync_patients: 1, default_country: 'CM',
 *   next_sync_at: '2026-11-25T18:00:00.000Z', health: 'unreachable', health_error: 'GET metadata … ECONNREFUSED',
 *   failures: 2, retry_at: '2026-11-25T17:04:00.000Z' }`.
 */
export interface FhirConnectionSettingsTable {
  connection_id: string;
  workspace_id: string;
  /** Minutes between scheduled syncs; null = no schedule (sync now only). */
  sync_interval_minutes: number | null;
  sync_registry: Flag;
  sync_patients: Flag;
  /** ISO-3166 alpha-2 for local phone numbers; null = the workspace's default_country. */
  default_country: string | null;
  /** When the schedule runs next (null without a schedule). */
  next_sync_at: IsoTime | null;
  /** "ok" | "unreachable" | "failing" | null (never checked). */
  health: string | null;
  health_error: string | null;
  health_checked_at: IsoTime | null;
  /** Consecutive failed syncs (unreachable or failing); 0 after a success. */
  failures: number;
  /** When a failed sync is tried again (backoff), null when nothing is to retry. */
  retry_at: IsoTime | null;
  updated_at: IsoTime;
}

/**
 * One sync of a connection, manual or scheduled, with live progress and the final report.
 *
 * Example: `{ status: 'running', phase: 'reading PractitionerRole', percent: 42, counts: '{"fetched":{"Practitioner":50}}',
 *   skipped: '[{"reference":"Practitioner/P1004","reason":"no phone number in telecom"}]' }`.
 */
export interface FhirSyncRunsTable {
  id: string;
  workspace_id: string;
  connection_id: string;
  /** "manual" | "scheduled" | "retry" */
  trigger: string;
  /** "running" | "ok" | "failed" */
  status: string;
  phase: string;
  percent: number;
  /** JSON: `{ registry?: {created, updated, deactivated, unchanged, skipped, fetched}, patients?: {…}, fetched: {Type: n} }`. */
  counts: JsonText;
  /** JSON array of `{ scope, reference, reason }`. */
  skipped: JsonText;
  error: string | null;
  started_at: IsoTime;
  updated_at: IsoTime;
  finished_at: IsoTime | null;
}

/** What a watcher does. */
export type FhirWatcherKind = 'lab_results' | 'appointment_reminders' | 'communications';

/**
 * A per-workspace watcher of a FHIR connection: lab results → results flow, appointments → reminder flow,
 * and the export of messages/broadcasts/starts/questionnaires/opt-outs (`communications`).
 *
 * Example: `{ kind: 'lab_results', connection_id: '019a…', flow_id: '019b…', enabled: 1, poll_minutes: 15,
 *   settings: '{"max_per_message":5}', cursor: '2026-11-25T14:46:00.123Z', last_status: 'ok' }`.
 */
export interface FhirWatchersTable {
  id: string;
  workspace_id: string;
  kind: FhirWatcherKind;
  connection_id: string;
  /** The flow started (lab_results, appointment_reminders); null for communications. */
  flow_id: string | null;
  enabled: Flag;
  poll_minutes: number;
  /** JSON settings of the kind, e.g. `{"days_before":3}` or `{"max_per_message":5}`. */
  settings: JsonText;
  /** `_lastUpdated` cursor (lab results). */
  cursor: IsoTime | null;
  next_run_at: IsoTime | null;
  last_run_at: IsoTime | null;
  /** "ok" | "failed" */
  last_status: string | null;
  last_error: string | null;
  last_summary: JsonText;
  created_at: IsoTime;
  updated_at: IsoTime;
}

/**
 * One thing a watcher handled, so it is handled once (across restarts). `item_key` e.g.
 * "DiagnosticReport/abc", "Patient/p1@2026-12-01", "msg:<uuid>", "start:<id>", "questionnaire:<flow uuid>@3".
 *
 * Example: `{ kind: 'lab_results', item_key: 'DiagnosticReport/7f…', status: 'delivered', group_key: 'Location/F01',
 *   detail: '{"facility":{…},"result":{…}}', flow_start_id: '019c…' }`.
 */
export interface FhirWatchItemsTable {
  workspace_id: string;
  kind: FhirWatcherKind;
  item_key: string;
  /** "pending" (waiting for a recipient or a send), "delivered", "expired", "queued" (written through the write-back queue). */
  status: string;
  /** Facility ("Location/…") or patient the item is delivered to. */
  group_key: string | null;
  detail: JsonText;
  flow_start_id: string | null;
  /** fhir_writeback_queue row of an exported resource. */
  queue_id: string | null;
  created_at: IsoTime;
  updated_at: IsoTime;
}
