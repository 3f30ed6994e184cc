/**
 * Authoring helpers for the library flows: each flow is written once, in English and French side by side,
 * and built into a plain goflow/RapidPro flow definition (base language "eng", French in `localization.fra`)
 * with stable UUIDs (UUID v5 of the flow id and the item's key), so rebuilding gives the same file.
 *
 * Example:
 *   const flow = buildFlow({
 *     id: 'hello', uuid: '…', name: 'Hello', expireAfterMinutes: 60,
 *     nodes: [
 *       { key: 'ask', actions: [msg({ en: 'Your name?', fr: 'Votre nom ?' })],
 *         router: { operand: '@input.text', result: 'Name', wait: { timeout: { seconds: 3600, to: null } },
 *                   categories: [], other: { to: 'thanks' } } },
 *       { key: 'thanks', actions: [msg({ en: 'Thank you @results.name', fr: 'Merci @results.name' })], next: null },
 *     ],
 *   });
 */
import { v5 as uuidv5 } from 'uuid';
import type { Action, Flow, FlowNode, Localization } from '../../runtime/definition/types.js';

/** A text in both languages. Example: `{ en: 'Yes', fr: 'Oui' }`. */
export interface Bilingual {
  en: string;
  fr: string;
}

/** The language codes the library flows are written in: the base language and its translation. */
export const BASE_LANGUAGE = 'eng';
export const TRANSLATION_LANGUAGE = 'fra';

/** UUID namespace of the Kiunga library (any fixed UUID works; this one is only used here). */
const LIBRARY_NAMESPACE = '7c1c5b5e-3f0b-4c7e-9a55-2d0e6a1f4b21';

/** One router case. `args` may be plain (same in both languages, e.g. numbers) or bilingual (words). Example: `{ test: 'has_any_word', args: [{ en: 'yes y 1', fr: 'oui o 1' }] }`. */
export interface CaseSpec {
  test: string;
  args?: (string | Bilingual)[];
}

/** A router category and where it leads. Example: `{ name: { en: 'Yes', fr: 'Oui' }, to: 'thanks', cases: [...] }`. */
export interface CategorySpec {
  name: Bilingual;
  to: string | null;
  cases: CaseSpec[];
}

/** A switch router (with a message wait when `wait` is set). Example: see the module comment. */
export interface RouterSpec {
  operand: string;
  result?: string;
  wait?: { timeout?: { seconds: number; to: string | null; name?: Bilingual } };
  categories: CategorySpec[];
  /** The default category ("Other"); required (goflow routers always have one). */
  other: { name?: Bilingual; to: string | null };
}

/**
 * An action before it gets its UUID. `texts` lists the action's localizable fields in both languages
 * (`text`, `quick_replies`); the base-language values are written into the action.
 */
export interface ActionSpec {
  type: string;
  fields: Record<string, unknown>;
  texts?: Record<string, Bilingual | Bilingual[]>;
}

/** A node: actions, then a router or a single exit (`next`). */
export interface NodeSpec {
  key: string;
  actions?: ActionSpec[];
  router?: RouterSpec;
  /** Destination of an action-only node (null ends the flow). */
  next?: string | null;
}

/** A whole flow. `extra` is merged into the definition (e.g. `_kiunga` write-back config). */
export interface FlowSpec {
  id: string;
  uuid: string;
  name: string;
  expireAfterMinutes: number;
  nodes: NodeSpec[];
  extra?: Record<string, unknown>;
}

// ---------------------------------------------------------------- action helpers

/** send_msg. Example: `msg({ en: 'Hi', fr: 'Bonjour' }, [{ en: 'Yes', fr: 'Oui' }])`. */
export function msg(text: Bilingual, quickReplies: Bilingual[] = []): ActionSpec {
  return { type: 'send_msg', fields: {}, texts: { text, ...(quickReplies.length ? { quick_replies: quickReplies } : {}) } };
}

/** send_broadcast to the contacts a query selects (the server's query language; templates allowed). */
export function broadcastToQuery(text: Bilingual, contactQuery: string): ActionSpec {
  return { type: 'send_broadcast', fields: { contact_query: contactQuery }, texts: { text } };
}

/** set_run_result. Example: `setResult('Delivery', 'delivered', { en: 'Delivered', fr: 'Remis' })`. */
export function setResult(name: string, value: string, category?: Bilingual): ActionSpec {
  return { type: 'set_run_result', fields: { name, value }, ...(category ? { texts: { category } } : {}) };
}

/** set_run_local (`@locals.<local>`). Example: `setLocal('score', '1', 'increment')`. */
export function setLocal(local: string, value: string, operation: 'set' | 'increment' = 'set'): ActionSpec {
  return { type: 'set_run_local', fields: { local, value, operation } };
}

/** set_contact_field. Example: `setField('results_pin_locked', 'Results PIN locked', '@(now())')`. */
export function setField(key: string, name: string, value: string): ActionSpec {
  return { type: 'set_contact_field', fields: { field: { key, name }, value } };
}

/** kiunga_fhir_read into a result (the default connection). */
export function fhirRead(query: string, resultName: string): ActionSpec {
  return { type: 'kiunga_fhir_read', fields: { connection: null, query, result_name: resultName } };
}

/** kiunga_fhir_write of a resource template (the default connection). */
export function fhirWrite(resource: Record<string, unknown>, resultName: string): ActionSpec {
  return { type: 'kiunga_fhir_write', fields: { connection: null, resource, result_name: resultName } };
}

// ---------------------------------------------------------------- common router pieces

/** "No Response" / "Pas de réponse": the timeout category's name. */
export const NO_RESPONSE: Bilingual = { en: 'No Response', fr: 'Pas de réponse' };
/** "Other" / "Autre": the default category's name. */
export const OTHER: Bilingual = { en: 'Other', fr: 'Autre' };

/** A yes/no pair of categories answered by words or by 1 / 2. */
export function yesNo(yesTo: string | null, noTo: string | null): CategorySpec[] {
  return [
    { name: { en: 'Yes', fr: 'Oui' }, to: yesTo, cases: [{ test: 'has_any_word', args: [{ en: 'yes y 1 yeah ok', fr: 'oui o 1 ok' }] }] },
    { name: { en: 'No', fr: 'Non' }, to: noTo, cases: [{ test: 'has_any_word', args: [{ en: 'no n 2', fr: 'non n 2' }] }] },
  ];
}

/** A numbered choice category (matches its number or one of its words). */
export function choice(n: number, name: Bilingual, words: Bilingual, to: string | null): CategorySpec {
  return { name, to, cases: [{ test: 'has_any_word', args: [{ en: `${n} ${words.en}`.trim(), fr: `${n} ${words.fr}`.trim() }] }] };
}

/** A whole number between min and max. */
export function numberBetween(name: Bilingual, min: number, max: number, to: string | null): CategorySpec {
  return { name, to, cases: [{ test: 'has_number_between', args: [String(min), String(max)] }] };
}

// ---------------------------------------------------------------- building

/** Stable UUID for one item of one flow. */
export function itemUuid(flowId: string, key: string): string {
  return uuidv5(`kiunga-library/${flowId}/${key}`, LIBRARY_NAMESPACE);
}

/** Builds the flow definition; throws naming the node when a destination is unknown. */
export function buildFlow(spec: FlowSpec): Flow {
  const uuidOf = (key: string) => itemUuid(spec.id, key);
  const nodeUuids = new Map(spec.nodes.map((n) => [n.key, uuidOf(`node:${n.key}`)]));
  if (nodeUuids.size !== spec.nodes.length) throw new Error(`flow ${spec.id}: two nodes share a key`);
  const destination = (from: string, to: string | null): string | null => {
    if (to === null) return null;
    const uuid = nodeUuids.get(to);
    if (!uuid) throw new Error(`flow ${spec.id}: node "${from}" leads to unknown node "${to}"`);
    return uuid;
  };
  const fra: Localization[string] = {};
  const translate = (uuid: string, property: string, values: string[]) => {
    fra[uuid] = { ...(fra[uuid] ?? {}), [property]: values };
  };

  const nodes: FlowNode[] = spec.nodes.map((node) => {
    const actions: Action[] = (node.actions ?? []).map((a, i) => {
      const uuid = uuidOf(`node:${node.key}/action:${i}`);
      const action: Action = { uuid, type: a.type, ...a.fields };
      for (const [property, value] of Object.entries(a.texts ?? {})) {
        action[property] = Array.isArray(value) ? value.map((v) => v.en) : value.en;
        translate(uuid, property, Array.isArray(value) ? value.map((v) => v.fr) : [value.fr]);
      }
      return action;
    });
    const out: FlowNode = { uuid: nodeUuids.get(node.key)!, actions, exits: [] };
    if (!node.router) {
      out.exits = [{ uuid: uuidOf(`node:${node.key}/exit`), destination_uuid: destination(node.key, node.next ?? null) }];
      return out;
    }
    const r = node.router;
    const categories: { uuid: string; name: string; exit_uuid: string }[] = [];
    const cases: { uuid: string; type: string; arguments: string[]; category_uuid: string }[] = [];
    const addCategory = (key: string, name: Bilingual, to: string | null) => {
      const uuid = uuidOf(`node:${node.key}/category:${key}`);
      const exitUuid = uuidOf(`node:${node.key}/exit:${key}`);
      categories.push({ uuid, name: name.en, exit_uuid: exitUuid });
      translate(uuid, 'name', [name.fr]);
      out.exits.push({ uuid: exitUuid, destination_uuid: destination(node.key, to) });
      return uuid;
    };
    r.categories.forEach((c, ci) => {
      const categoryUuid = addCategory(String(ci), c.name, c.to);
      c.cases.forEach((k, ki) => {
        const uuid = uuidOf(`node:${node.key}/case:${ci}.${ki}`);
        const args = k.args ?? [];
        cases.push({ uuid, type: k.test, arguments: args.map((a) => (typeof a === 'string' ? a : a.en)), category_uuid: categoryUuid });
        if (args.length) translate(uuid, 'arguments', args.map((a) => (typeof a === 'string' ? a : a.fr)));
      });
    });
    const defaultUuid = addCategory('other', r.other.name ?? (r.wait && r.categories.length === 0 ? { en: 'All Responses', fr: 'Toutes les réponses' } : OTHER), r.other.to);
    const router: Record<string, unknown> = { type: 'switch', operand: r.operand, cases, categories, default_category_uuid: defaultUuid };
    if (r.result) router.result_name = r.result;
    if (r.wait) {
      const wait: Record<string, unknown> = { type: 'msg' };
      if (r.wait.timeout) {
        const timeoutUuid = addCategory('timeout', r.wait.timeout.name ?? NO_RESPONSE, r.wait.timeout.to);
        wait.timeout = { seconds: r.wait.timeout.seconds, category_uuid: timeoutUuid };
      }
      router.wait = wait;
    }
    out.router = router as unknown as FlowNode['router'];
    return out;
  });

  return {
    uuid: spec.uuid,
    name: spec.name,
    spec_version: '14.4.2',
    language: BASE_LANGUAGE,
    type: 'messaging',
    revision: 1,
    expire_after_minutes: spec.expireAfterMinutes,
    localization: { [TRANSLATION_LANGUAGE]: fra },
    nodes,
    _ui: layout(nodes),
    ...(spec.extra ?? {}),
  } as Flow;
}

/** Editor positions: nodes in rows by distance from the first node, side by side within a row. */
function layout(nodes: FlowNode[]): Record<string, unknown> {
  const depth = new Map<string, number>();
  const queue: string[] = [];
  if (nodes[0]) {
    depth.set(nodes[0].uuid, 0);
    queue.push(nodes[0].uuid);
  }
  const byUuid = new Map(nodes.map((n) => [n.uuid, n]));
  while (queue.length) {
    const uuid = queue.shift()!;
    for (const exit of byUuid.get(uuid)?.exits ?? []) {
      const to = exit.destination_uuid;
      if (to && !depth.has(to)) {
        depth.set(to, depth.get(uuid)! + 1);
        queue.push(to);
      }
    }
  }
  const perRow = new Map<number, number>();
  const ui: Record<string, unknown> = {};
  for (const node of nodes) {
    const row = depth.get(node.uuid) ?? perRow.size;
    const column = perRow.get(row) ?? 0;
    perRow.set(row, column + 1);
    const router = node.router as { wait?: unknown } | undefined;
    ui[node.uuid] = {
      position: { left: 40 + column * 320, top: 40 + row * 200 },
      type: router ? (router.wait ? 'wait_for_response' : 'split_by_expression') : 'execute_actions',
    };
  }
  return { nodes: ui };
}

/**
 * A question as three nodes: `<key>` sends the text, `<key>_wait` waits (saving `result`), `<key>_retry`
 * re-asks an answer no category matched (only when `retry` is given; otherwise any answer goes on to `next`).
 * Example: `question({ key: 'staff', text: {…}, result: 'Staff Present', categories: [numberBetween(…, 'power')], retry: {…}, timeout: { seconds: 43200, to: 'no_reply' } })`.
 */
export function question(q: {
  key: string;
  text: Bilingual;
  quickReplies?: Bilingual[];
  result: string;
  categories: CategorySpec[];
  retry?: Bilingual;
  /** Where any answer goes when there is no `retry` (free-text questions). */
  next?: string | null;
  timeout: { seconds: number; to: string | null };
}): NodeSpec[] {
  const nodes: NodeSpec[] = [
    { key: q.key, actions: [msg(q.text, q.quickReplies)], next: `${q.key}_wait` },
    {
      key: `${q.key}_wait`,
      router: {
        operand: '@input.text', result: q.result, wait: { timeout: q.timeout }, categories: q.categories,
        other: { to: q.retry ? `${q.key}_retry` : (q.next ?? null) },
      },
    },
  ];
  if (q.retry) nodes.push({ key: `${q.key}_retry`, actions: [msg(q.retry, q.quickReplies)], next: `${q.key}_wait` });
  return nodes;
}
