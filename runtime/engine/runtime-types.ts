/**
 * The engine-side view that actions and routers work through (implemented by ./run-runtime.ts).
 * Everything an action may read or change is here, so actions never touch session JSON directly
 * except through these methods and the `contact` object.
 *
 *   const text = run.evaluate(action.text);            // logs goflow "error" events for bad expressions
 *   run.emit({ type: 'contact_name_changed', name });   // adds uuid + created_on
 */
import type { Services } from '../services.js';
import type { Contact, Environment, MsgIn, SessionState } from './api.js';
import type { Flow, FlowNode, AssetReference } from '../definition/types.js';
import type { FlowEvent } from '../events/types.js';
import type { AssetIndex } from './assets.js';
import type { RunState, RunResult } from './state.js';

/** Result of localizing a list-valued property: the texts and the language they came from. */
export interface Localized {
  values: string[];
  language: string;
}

export interface ActionRuntime {
  readonly session: SessionState;
  readonly contact: Contact;
  readonly state: RunState;
  readonly flow: Flow;
  readonly node: FlowNode;
  readonly assets: AssetIndex;
  readonly services: Services;
  /** The session environment merged with the contact's language/timezone preferences. */
  readonly environment: Environment;
  /** The message that resumed or started this session, if any. */
  readonly input: MsgIn | null;

  /** Next clock value as goflow's timestamp text. */
  now(): string;
  newUuid(): string;
  /** Adds uuid and created_on and records the event; returns it. */
  emit(event: { type: string; [field: string]: unknown }): FlowEvent;
  /** Logs goflow's "error" event; `details` may carry `code` and `extra`. */
  error(text: string, details?: { code?: string; extra?: Record<string, unknown> }): void;
  warning(text: string, details?: { code?: string; extra?: Record<string, unknown> }): void;
  /** Logs a goflow "failure" event and marks the run (and session) failed. */
  fail(text: string): void;

  /** Evaluates a template to text; evaluation errors are logged as error events. */
  evaluate(template: string): string;
  /** Like evaluate, also telling whether evaluation succeeded without errors. */
  evaluateChecked(template: string): { text: string; ok: boolean };
  /** Like evaluate, without truncating long output (webhook bodies). */
  evaluateLong(template: string): string;
  /** Evaluates a URL template: values of expressions are URL-encoded. */
  evaluateUrl(template: string): string;
  /** Evaluates a contact query template: text values of expressions are quoted. */
  evaluateQuery(template: string): string;
  /** Evaluates a template that is a single expression to a plain JS value (for set_run_local etc.). */
  evaluateValue(template: string): unknown;

  /** Translations of `key` of the item with that UUID, in the contact's language, else `base`. */
  localize(itemUuid: string, key: string, base: string[]): Localized;

  /** Like localize, for one given language (send_broadcast translates into every language). */
  localizeIn(language: string, itemUuid: string, key: string, base: string[]): Localized;
  /** The URN as events may show it (redacted when the environment's redaction policy says so). */
  redactUrn(urn: string): string;
  /** User-Agent for webhook calls made by this session. */
  readonly userAgent: string | undefined;
  /** goflow's run summary JSON (start_session, flow_action triggers). */
  runSummary(): Record<string, unknown>;
  /** goflow's session history for sessions this one triggers: { parent_uuid, ancestors, ancestors_since_input }. */
  childHistory(): Record<string, unknown>;
  /** The JSON posted to resthook subscribers. */
  resthookPayload(): Record<string, unknown>;

  saveResult(result: Omit<RunResult, 'created_on' | 'node_uuid'>): void;
  setLocal(name: string, value: string | null): void;
  /** The webhook call made by this run, as @webhook sees it. */
  setWebhook(webhook: Record<string, unknown> | null): void;
  /** Starts a child run of `flow` after this action; `terminal` ends the parent when the child ends. */
  enterFlow(flow: Flow, terminal: boolean): void;
  /** Re-evaluates smart groups after a contact change, logging contact_groups_changed if membership moved. */
  contactChanged(): void;
  findFlow(ref: AssetReference): Flow | null;
}
