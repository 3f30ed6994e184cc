/**
 * Plain TypeScript types of the current flow spec (goflow / RapidPro flow spec, see CURRENT_SPEC_VERSION in
 * ./versions.ts). JSON property names are exactly goflow's, so a RapidPro export's flow can be used as-is once
 * it has been migrated to the current version by `readFlow` (./read.ts).
 *
 * Example (a one-question flow):
 *   {
 *     "uuid": "615b8a0f-588c-4d20-a05f-363b0b4ce6f4", "name": "Registration", "spec_version": "14.4.2",
 *     "language": "eng", "type": "messaging", "expire_after_minutes": 10080, "localization": {},
 *     "nodes": [{
 *       "uuid": "46d51f50-58de-49da-8d13-dadbf322685d",
 *       "actions": [{ "uuid": "e97cd6d5-3354-4dbd-85bc-6c1f87849eec", "type": "send_msg", "text": "Your name?" }],
 *       "router": { "type": "switch", "operand": "@input.text", "result_name": "Name",
 *         "wait": { "type": "msg" }, "cases": [],
 *         "categories": [{ "uuid": "78ae8f05-f92e-43b2-a886-406eaea1b8e0", "name": "All Responses",
 *                          "exit_uuid": "d7a36118-0a38-4b35-a7e4-ae89042f0d3c" }],
 *         "default_category_uuid": "78ae8f05-f92e-43b2-a886-406eaea1b8e0" },
 *       "exits": [{ "uuid": "d7a36118-0a38-4b35-a7e4-ae89042f0d3c" }]
 *     }]
 *   }
 */

/** The kind of session a flow runs in. Example: `"messaging"`. */
export type FlowType = 'messaging' | 'messaging_background' | 'messaging_offline' | 'voice';

/** A UUID string, e.g. `"46d51f50-58de-49da-8d13-dadbf322685d"`. */
export type UUID = string;

/** An ISO-639-3 language code (`"eng"`, `"fra"`, `"swa"`), or `"und"` for undetermined. */
export type LanguageCode = string;

/**
 * Translations of localizable properties, per language, per item (action, case or category) UUID, per property.
 * Every value is a list of strings, even for single texts.
 * Example: `{ "fra": { "e97cd6d5-...": { "text": ["Votre nom ?"], "quick_replies": ["Oui", "Non"] } } }`.
 */
export type Localization = Record<LanguageCode, Record<UUID, Record<string, string[]>>>;

/** A reference to another asset by UUID and name. Example: `{ "uuid": "b7cf0d83-...", "name": "Nurses" }`. */
export interface AssetReference {
  uuid: UUID;
  name: string;
}

/**
 * One action of a node. Each type has its own fields (validated by the per-type zod schema in
 * runtime/actions/registry.ts). Unknown types (including other tools' extensions) are kept as-is.
 * Example: `{ "uuid": "e97cd6d5-...", "type": "send_msg", "text": "Hi @contact.name", "quick_replies": ["Yes"] }`.
 */
export interface Action {
  uuid: UUID;
  type: string;
  [field: string]: unknown;
}

/** Where a node goes next. `destination_uuid` absent or null ends the flow. Example: `{ "uuid": "d7a3...", "destination_uuid": "5f2c..." }`. */
export interface Exit {
  uuid: UUID;
  destination_uuid?: UUID | null;
}

/** A router category: a named outcome that leads to an exit. Example: `{ "uuid": "78ae...", "name": "Yes", "exit_uuid": "d7a3..." }`. */
export interface Category {
  uuid: UUID;
  name: string;
  exit_uuid: UUID;
}

/**
 * A test on the operand of a switch router. `type` is a case test name (see runtime/routers/cases/registry.ts).
 * Example: `{ "uuid": "98503572-...", "type": "has_number_between", "arguments": ["1", "10"], "category_uuid": "78ae..." }`.
 */
export interface Case {
  uuid: UUID;
  type: string;
  arguments?: string[];
  category_uuid: UUID;
}

/** Timeout of a message wait: after `seconds` without a reply, route to `category_uuid`. Example: `{ "seconds": 300, "category_uuid": "c1b3..." }`. */
export interface WaitTimeout {
  seconds: number;
  category_uuid: UUID;
}

/**
 * A hint to the channel about the expected reply.
 * Examples: `{ "type": "digits", "count": 1 }`, `{ "type": "image" }`, `{ "type": "location" }`.
 */
export interface Hint {
  type: 'image' | 'video' | 'audio' | 'location' | 'digits' | string;
  count?: number;
  terminated_by?: string;
}

/** Pause for the contact's reply. Example: `{ "type": "msg", "timeout": { "seconds": 600, "category_uuid": "c1b3..." } }`. */
export interface MsgWait {
  type: 'msg';
  timeout?: WaitTimeout;
  hint?: Hint;
}

/** Voice only: dial a phone number and wait for the call to end. Example: `{ "type": "dial", "phone": "@fields.supervisor_phone" }`. */
export interface DialWait {
  type: 'dial';
  phone: string;
  dial_limit_seconds?: number;
  call_limit_seconds?: number;
}

/** The waits a router can have. */
export type Wait = MsgWait | DialWait;

/** Fields shared by both router types. */
interface RouterBase {
  /** Name of the run result to save the chosen category under. Example: `"Age"`. */
  result_name?: string;
  categories: Category[];
  wait?: Wait;
}

/**
 * Routes on an operand expression, trying each case in order; no match → the default category.
 * Example: `{ "type": "switch", "operand": "@input.text", "cases": [...], "categories": [...], "default_category_uuid": "..." }`.
 */
export interface SwitchRouter extends RouterBase {
  type: 'switch';
  operand: string;
  cases: Case[];
  default_category_uuid?: UUID;
}

/** Picks one category at random. Example: `{ "type": "random", "categories": [{...}, {...}] }`. */
export interface RandomRouter extends RouterBase {
  type: 'random';
}

/** A node's router. */
export type Router = SwitchRouter | RandomRouter;

/**
 * One step of a flow: some actions, then optionally a router choosing among the exits.
 * A node without router has exactly one exit.
 * Example: `{ "uuid": "46d5...", "actions": [...], "exits": [{ "uuid": "d7a3..." }] }`.
 */
export interface FlowNode {
  uuid: UUID;
  actions: Action[];
  router?: Router;
  exits: Exit[];
}

/** Alias matching the spec's word for it. */
export type Node = FlowNode;

/**
 * A flow definition at the current spec version.
 * `_ui` holds the editor's layout (node positions, sticky notes) and is kept untouched.
 */
export interface Flow {
  uuid: UUID;
  name: string;
  spec_version: string;
  language: LanguageCode;
  type: FlowType;
  revision?: number;
  expire_after_minutes?: number;
  localization: Localization;
  nodes: FlowNode[];
  _ui?: Record<string, unknown>;
  [extension: string]: unknown;
}
