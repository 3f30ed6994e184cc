/**
 * Kysely types of every Kiunga table. The migrations in ./migrations/ create exactly these columns.
 *
 * Portability rules (the same SQL must run on SQLite and PostgreSQL):
 * - ids are text UUIDv7 (`newId()` in ./ids.ts), time-ordered so primary keys index well;
 * - JSON is stored as text (`JsonText`): write with `JSON.stringify`, read with `JSON.parse`;
 * - timestamps are ISO-8601 UTC text (`IsoTime`, e.g. "2026-11-25T14:46:00.000Z"), which sort correctly as text;
 * - booleans are integers 0/1 (`Flag`).
 * - every timestamp column ends in `_at`.
 *
 * Almost every row belongs to one workspace (`workspace_id`); queries must always filter on it.
 *
 * Example (insert a contact):
 *   await db.insertInto('contacts').values({ id: newId(), workspace_id: ws.id, uuid: newId(), name: 'Amina',
 *     language: 'swa', timezone: null, status: 'active', fields: '{}', last_seen_at: null, fhir_ref: null,
 *     created_at: now, updated_at: now }).execute();
 */

/** Text holding JSON. Example: `'{"district":"Kilifi"}'`. */
export type JsonText = string;
/** ISO-8601 UTC timestamp as text. Example: `"2026-11-25T14:46:00.000Z"`. */
export type IsoTime = string;
/** A boolean stored as integer. Example: `1`. */
export type Flag = 0 | 1 | number;

/** Role of a user (membership) or API token within one workspace; admin > editor > viewer. */
export type Role = 'admin' | 'editor' | 'viewer';

/** A ministry / organisation. Example: `{ name: "Ministry of Health", timezone: "Africa/Nairobi", default_country: "KE", languages: '["eng","swa"]', quiet_hours: '{"start":"21:00","end":"07:00"}', opt_out_words: '["stop","acha"]' }`. */
export interface WorkspacesTable {
  id: string;
  name: string;
  /** IANA time zone. */
  timezone: string;
  /** ISO-3166 alpha-2 country used to parse local phone numbers, e.g. "KE". Nullable. */
  default_country: string | null;
  /** JSON array of ISO-639-3 codes; the first is the default language. */
  languages: JsonText;
  /** JSON `{ "start": "HH:MM", "end": "HH:MM" }` or null when bulk sends are allowed at any hour. */
  quiet_hours: JsonText | null;
  /** JSON array of words that stop a contact (case-insensitive, whole message). */
  opt_out_words: JsonText;
  created_at: IsoTime;
  updated_at: IsoTime;
}

/** A person who logs in. Global (not per workspace); memberships give roles. */
export interface UsersTable {
  id: string;
  /** Lower-cased, unique. */
  email: string;
  name: string;
  /** `scrypt$N$r$p$salt_b64$hash_b64` (see server/auth/passwords.ts). */
  password_hash: string;
  disabled: Flag;
  created_at: IsoTime;
  updated_at: IsoTime;
}

/** A user's role in a workspace. Unique (user_id, workspace_id). */
export interface MembershipsTable {
  id: string;
  user_id: string;
  workspace_id: string;
  role: Role;
  created_at: IsoTime;
}

/** A browser login. The cookie holds a random token; only its SHA-256 is stored. */
export interface LoginSessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  workspace_id: string;
  created_at: IsoTime;
  expires_at: IsoTime;
  last_seen_at: IsoTime;
  ip: string | null;
  user_agent: string | null;
}

/** A Bearer token for implementers' scripts, scoped to one workspace and role. Only its SHA-256 is stored. */
export interface ApiTokensTable {
  id: string;
  workspace_id: string;
  /** The user who created it (the token acts with `role`, not with that user's role). */
  created_by: string | null;
  token_hash: string;
  name: string;
  role: Role;
  created_at: IsoTime;
  last_used_at: IsoTime | null;
  revoked_at: IsoTime | null;
}

/** A flow; its definitions live in immutable `flow_revisions`. Unique (workspace_id, uuid). */
export interface FlowsTable {
  id: string;
  workspace_id: string;
  /** The flow definition's own `uuid` (what other flows reference in enter_flow). */
  uuid: string;
  name: string;
  /** messaging | messaging_background | messaging_offline | voice */
  type: string;
  archived: Flag;
  created_at: IsoTime;
  updated_at: IsoTime;
}

/**
 * One saved version of a flow. Rows are never updated: each save inserts the next `revision` (1, 2, 3…);
 * publishing inserts a row with status "published". The live definition is the highest published revision.
 */
export interface FlowRevisionsTable {
  id: string;
  flow_id: string;
  workspace_id: string;
  revision: number;
  /** The full flow definition JSON (current spec version). */
  definition: JsonText;
  spec_version: string;
  status: 'draft' | 'published';
  created_by: string | null;
  created_at: IsoTime;
  /** Optional note, e.g. "restored from revision 3" or "imported from rapidpro export". */
  comment: string | null;
}

export type ContactStatus = 'active' | 'stopped' | 'blocked' | 'archived';

/** A person messages are exchanged with. Unique (workspace_id, uuid). */
export interface ContactsTable {
  id: string;
  workspace_id: string;
  uuid: string;
  name: string | null;
  language: string | null;
  timezone: string | null;
  status: ContactStatus;
  /** JSON object of custom field key → string value, e.g. `'{"district":"Kilifi"}'`. */
  fields: JsonText;
  last_seen_at: IsoTime | null;
  /** FHIR reference this contact was synced from, e.g. "Practitioner/123". */
  fhir_ref: string | null;
  created_at: IsoTime;
  updated_at: IsoTime;
}

/** A contact's address on a channel scheme. `identity` = "scheme:path", unique per workspace. */
export interface ContactUrnsTable {
  id: string;
  workspace_id: string;
  contact_id: string;
  /** tel | whatsapp | telegram | facebook | ext | … */
  scheme: string;
  /** Normalized path: E.164 for tel ("+254700000001"), numeric id for telegram, … */
  path: string;
  identity: string;
  /** Lower number = preferred (0 first). */
  priority: number;
  /** Channel this URN last talked through (affinity), if any. */
  channel_id: string | null;
  created_at: IsoTime;
}

/** A group: static (query null) or smart (query re-evaluated). Unique (workspace_id, uuid). */
export interface GroupsTable {
  id: string;
  workspace_id: string;
  uuid: string;
  name: string;
  query: string | null;
  created_at: IsoTime;
  updated_at: IsoTime;
}

/** Membership of a contact in a group. Primary key (group_id, contact_id). */
export interface GroupMembersTable {
  group_id: string;
  contact_id: string;
  created_at: IsoTime;
}

/** A messaging channel (SMS gateway, WhatsApp, Telegram…). `config` holds secrets and is never returned by the API. */
export interface ChannelsTable {
  id: string;
  workspace_id: string;
  uuid: string;
  name: string;
  /** Provider type, e.g. "africastalking", "telegram", "whatsapp_cloud". */
  type: string;
  /** Sender address: phone number, short code, bot username. */
  address: string;
  /** JSON array of URN schemes it handles, e.g. `'["tel"]'`. */
  schemes: JsonText;
  /** JSON object of provider settings and secrets. */
  config: JsonText;
  /** "send", "receive" or "send,receive". */
  role: string;
  /** Maximum outbound segments per second for this channel. */
  rate_limit_segments_per_s: number;
  active: Flag;
  created_at: IsoTime;
  updated_at: IsoTime;
}

/** The engine session of a contact. At most one waiting session per (contact, simulated) at a time. */
export interface SessionsTable {
  id: string;
  workspace_id: string;
  uuid: string;
  contact_id: string;
  /** waiting | completed | interrupted | expired | failed */
  status: string;
  /** The engine's serialized session JSON. */
  state: JsonText;
  current_flow_id: string | null;
  simulated: Flag;
  created_at: IsoTime;
  updated_at: IsoTime;
  ended_at: IsoTime | null;
}

/** One run of one flow inside a session. */
export interface RunsTable {
  id: string;
  workspace_id: string;
  uuid: string;
  session_id: string;
  flow_id: string;
  contact_id: string;
  /** active | waiting | completed | interrupted | expired | failed */
  status: string;
  /** JSON object of result key → { name, value, category, input, node_uuid, created_on }. */
  results: JsonText;
  /** JSON array of path steps { uuid, node_uuid, exit_uuid, arrived_on }. */
  path: JsonText;
  created_at: IsoTime;
  updated_at: IsoTime;
  exited_at: IsoTime | null;
}

/** One row per saved result, for reporting and exports. */
export interface RunResultsTable {
  id: string;
  workspace_id: string;
  run_id: string;
  flow_id: string;
  contact_id: string;
  key: string;
  name: string;
  value: string;
  category: string | null;
  input: string | null;
  created_at: IsoTime;
}

export type MessageStatus = 'pending' | 'handled' | 'queued' | 'sending' | 'wired' | 'sent' | 'delivered' | 'read' | 'failed' | 'errored';

/** An inbound or outbound message. Unique (channel_id, external_id) dedupes provider retries of inbound webhooks. */
export interface MessagesTable {
  id: string;
  workspace_id: string;
  uuid: string;
  contact_id: string;
  contact_urn_id: string | null;
  channel_id: string | null;
  direction: 'in' | 'out';
  text: string;
  /** JSON array of "content-type:url" strings. */
  attachments: JsonText;
  /** JSON array of strings. */
  quick_replies: JsonText;
  status: MessageStatus;
  /** Provider's id for an outbound message (to match status callbacks). */
  provider_id: string | null;
  /** Provider's id for an inbound message (dedupe). */
  external_id: string | null;
  session_id: string | null;
  broadcast_id: string | null;
  flow_start_id: string | null;
  /** 0 = bulk (broadcasts, starts), 1 = reply to a contact (sent first). */
  priority: number;
  segments: number;
  error: string | null;
  attempts: number;
  next_attempt_at: IsoTime | null;
  created_at: IsoTime;
  updated_at: IsoTime;
  sent_at: IsoTime | null;
  delivered_at: IsoTime | null;
  /** The outbox sender (process) that claimed it while "sending" (worker_heartbeats.id); null before 0009_jobs. */
  claimed_by?: string | null;
}

/** A request to start a flow for contacts/groups. `targets` JSON: `{ "contacts": [uuid], "groups": [uuid], "urns": ["tel:+2547…"] }`. */
export interface FlowStartsTable {
  id: string;
  workspace_id: string;
  flow_id: string;
  targets: JsonText;
  /** JSON of start options, e.g. `{ "restart_participants": false }`. */
  params: JsonText;
  /** pending | starting | completed | failed | cancelled */
  status: string;
  schedule_id: string | null;
  /** JSON counts, e.g. `{ "contacts": 120, "started": 118, "skipped": 2 }`. */
  totals: JsonText;
  created_by: string | null;
  created_at: IsoTime;
  updated_at: IsoTime;
}

/** A one-off message to many contacts. `translations` JSON: `{ "eng": { "text": "…", "attachments": [], "quick_replies": [] } }`. */
export interface BroadcastsTable {
  id: string;
  workspace_id: string;
  translations: JsonText;
  base_language: string;
  targets: JsonText;
  /** pending | queued | sending | completed | failed | cancelled */
  status: string;
  schedule_id: string | null;
  totals: JsonText;
  created_by: string | null;
  created_at: IsoTime;
  updated_at: IsoTime;
}

/** When something (a broadcast or flow start) repeats. `repeat` JSON e.g. `{ "hour": 9, "minute": 0, "days_of_week": [1,3] }`. */
export interface SchedulesTable {
  id: string;
  workspace_id: string;
  kind: 'once' | 'daily' | 'weekly' | 'monthly';
  next_fire_at: IsoTime | null;
  repeat: JsonText;
  timezone: string;
  active: Flag;
  created_at: IsoTime;
  updated_at: IsoTime;
}

/** A durable timer the messaging loop fires. status: pending | fired | cancelled. */
export interface TimersTable {
  id: string;
  workspace_id: string;
  kind: 'wait_timeout' | 'wait_expiration' | 'run_expiration' | 'schedule';
  session_id: string | null;
  schedule_id: string | null;
  fire_at: IsoTime;
  status: 'pending' | 'fired' | 'cancelled';
  created_at: IsoTime;
  updated_at: IsoTime;
}

/** Starts a flow when an inbound message matches a keyword. */
export interface TriggersTable {
  id: string;
  workspace_id: string;
  keyword: string;
  match_type: 'first_word' | 'only_word';
  flow_id: string;
  channel_id: string | null;
  archived: Flag;
  created_at: IsoTime;
}

/** A FHIR server Kiunga syncs with. `auth` JSON e.g. `{ "type": "basic", "username": "…", "password": "…" }` (secret; never returned). */
export interface FhirConnectionsTable {
  id: string;
  workspace_id: string;
  name: string;
  base_url: string;
  auth: JsonText;
  created_at: IsoTime;
  updated_at: IsoTime;
}

/** Append-only record of security-relevant actions. action e.g. "login.success", "flow.publish". */
export interface AuditLogTable {
  id: string;
  workspace_id: string | null;
  user_id: string | null;
  action: string;
  target: string | null;
  detail: JsonText;
  ip: string | null;
  created_at: IsoTime;
}

/** The whole database, for `Kysely<Database>`. */
export interface Database {
  workspaces: WorkspacesTable;
  users: UsersTable;
  memberships: MembershipsTable;
  login_sessions: LoginSessionsTable;
  api_tokens: ApiTokensTable;
  flows: FlowsTable;
  flow_revisions: FlowRevisionsTable;
  contacts: ContactsTable;
  contact_urns: ContactUrnsTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  channels: ChannelsTable;
  sessions: SessionsTable;
  runs: RunsTable;
  run_results: RunResultsTable;
  messages: MessagesTable;
  flow_starts: FlowStartsTable;
  broadcasts: BroadcastsTable;
  schedules: SchedulesTable;
  timers: TimersTable;
  triggers: TriggersTable;
  fhir_connections: FhirConnectionsTable;
  fhir_connection_settings: import('./schema-fhir-watch.js').FhirConnectionSettingsTable;
  fhir_sync_runs: import('./schema-fhir-watch.js').FhirSyncRunsTable;
  fhir_watchers: import('./schema-fhir-watch.js').FhirWatchersTable;
  fhir_watch_items: import('./schema-fhir-watch.js').FhirWatchItemsTable;
  audit_log: AuditLogTable;
  channel_rate_buckets: import('./schema-channels.js').ChannelRateBucketsTable;
  inbox_labels: import('./schema-inbox.js').InboxLabelsTable;
  inbox_message_labels: import('./schema-inbox.js').InboxMessageLabelsTable;
  inbox_archived: import('./schema-inbox.js').InboxArchivedTable;
  courses: import('./schema-courses.js').CoursesTable;
  worker_heartbeats: import('./schema-jobs.js').WorkerHeartbeatsTable;
  course_enrolments: import('./schema-courses.js').CourseEnrolmentsTable;
  course_reminders: import('./schema-courses.js').CourseRemindersTable;
}
