/**
 * The engine's public contract: plain-JSON shapes that cross from the runtime to the server, the
 * simulator and the conformance runner. They follow goflow's JSON (triggers, resumes, contacts,
 * assets) so that RapidPro data and goflow's test cases map onto them without translation.
 *
 *   startSession({ assets, trigger, environment, services })  -> SprintResult
 *   resumeSession({ assets, session, resume, services })     -> SprintResult
 *
 * The session is plain JSON (it is stored as-is by the server); events are the engine's only output.
 */
import type { Services } from '../services.js';
import type { FlowEvent } from '../events/types.js';

export interface Reference { uuid: string; name: string }

export interface ContactFieldValue {
  text: string;
  number?: number | string | null;
  datetime?: string | null;
  state?: string | null;
  district?: string | null;
  ward?: string | null;
}

/** goflow's contact JSON. URNs are strings like "tel:+250788123123" or "whatsapp:250788123123". */
export interface Contact {
  uuid: string;
  id?: number;
  name?: string;
  language?: string | null;
  timezone?: string | null;
  status?: 'active' | 'blocked' | 'stopped' | 'archived';
  created_on: string;
  last_seen_on?: string | null;
  urns?: string[];
  groups?: Reference[];
  fields?: Record<string, ContactFieldValue | null>;
}

/** goflow's environment: formats, time zone, country and languages of the workspace. */
export interface Environment {
  date_format?: 'DD-MM-YYYY' | 'MM-DD-YYYY' | 'YYYY-MM-DD';
  time_format?: 'hh:mm' | 'h:mm aa' | 'tt:mm' | 'tt:mm:ss' | string;
  timezone?: string;
  default_country?: string | null;
  allowed_languages?: string[];
  number_format?: { decimal_symbol: string; digit_grouping_symbol: string };
  redaction_policy?: 'none' | 'urns';
  max_value_length?: number;
  /**
   * Kiunga extension (not goflow): how forgiving the word case tests (has_any_word, has_phrase, …) are.
   * Absent = goflow's matching (case and accents ignored, no typos). Example: `{ mode: "typos", max_distance: 1 }`.
   */
  word_matching?: { mode: 'exact' | 'accents_case' | 'typos'; max_distance?: number };
}

/** The asset file layout used by goflow and by our flow store: everything a session may reference. */
export interface SessionAssets {
  flows: unknown[]; // flow definitions (see runtime/definition); migrated to the current spec on load
  fields?: { uuid?: string; key: string; name: string; type: 'text' | 'number' | 'datetime' | 'state' | 'district' | 'ward' }[];
  groups?: { uuid: string; name: string; query?: string }[];
  channels?: { uuid: string; name: string; address?: string; schemes: string[]; roles: string[]; country?: string }[];
  labels?: Reference[];
  globals?: { key: string; name: string; value: string }[];
  classifiers?: { uuid: string; name: string; type?: string; intents: string[] }[];
  resthooks?: { slug: string; subscribers: string[] }[];
  locations?: unknown[];
}

export interface MsgIn {
  uuid?: string;
  urn?: string;
  channel?: Reference | null;
  text: string;
  attachments?: string[];
  external_id?: string;
}

/** How a session starts: goflow trigger JSON (manual, msg, flow_action, campaign, ...). */
export interface Trigger {
  type: 'manual' | 'msg' | 'flow_action' | 'campaign' | 'channel' | 'optin' | 'optout' | 'ticket' | string;
  flow: Reference;
  contact?: Contact;
  environment?: Environment;
  triggered_on?: string;
  params?: Record<string, unknown>;
  msg?: MsgIn;
  keyword_match?: { type: 'first_word' | 'only_word'; keyword: string };
  run_summary?: Record<string, unknown>; // flow_action / start_session: the parent run, as @parent
  history?: Record<string, unknown>;
  batch?: boolean;
}

/** How a waiting session continues: a message, a wait timeout, or an expiration. */
export type Resume =
  | { type: 'msg'; msg: MsgIn; resumed_on?: string; contact?: Contact; environment?: Environment }
  | { type: 'wait_timeout'; resumed_on?: string; contact?: Contact; environment?: Environment }
  | { type: 'wait_expiration'; resumed_on?: string; contact?: Contact; environment?: Environment }
  | { type: 'run_expiration'; resumed_on?: string; contact?: Contact; environment?: Environment };

export type SessionStatus = 'active' | 'waiting' | 'completed' | 'interrupted' | 'failed';

/** Opaque to callers except for these fields: the server stores it as JSON and hands it back. */
export interface SessionState {
  uuid: string;
  type: 'messaging' | 'messaging_background' | 'messaging_offline' | 'voice';
  status: SessionStatus;
  contact: Contact;
  environment?: Environment;
  trigger: Trigger;
  runs: unknown[];
  /** When waiting: the wait's deadline for "No reply after ..." (ISO), if the wait has a timeout. */
  wait?: { timeout_seconds?: number; timeout_on?: string; expires_on?: string } | null;
  /** The last message received (goflow's session input, @input in later sprints). Added by the engine. */
  input?: (MsgIn & { type: 'msg'; created_on?: string }) | null;
  /** Set once a msg trigger's message has answered the flow's first wait (as goflow). Added by the engine. */
  trigger_input_used?: boolean;
  [extra: string]: unknown;
}

/** One step the session took from a node to the next (the canvas highlights these). */
export interface Segment {
  flow_uuid: string;
  node_uuid: string;
  exit_uuid: string;
  destination_uuid: string;
  operand?: string;
  time: string;
}

export interface SprintResult {
  session: SessionState;
  events: FlowEvent[];
  segments: Segment[];
}

export interface StartOptions {
  assets: SessionAssets;
  trigger: Trigger;
  environment?: Environment;
  services: Services;
  /** User-Agent header of webhook calls made by flows (added by the engine; default "Kiunga"). */
  userAgent?: string;
}

export interface ResumeOptions {
  assets: SessionAssets;
  session: SessionState;
  resume: Resume;
  services: Services;
  /** User-Agent header of webhook calls made by flows (added by the engine; default "Kiunga"). */
  userAgent?: string;
}
