/**
 * The flow whose results are shown: its row and the definition results are read against (the live
 * published revision, else the latest draft), with its questions (runtime/fhir/flow-questions.ts, the list
 * the FHIR write-back uses too) and a short label per node for the drop-off list.
 *
 * Example:
 *   const flow = await resultsFlow(db, workspaceId, flowId);
 *   // { id, uuid, name: 'Rapid survey', definition, questions: [{ key: 'age', type: 'integer', … }], nodeLabels: { 'n1': 'Age?' } }
 */
import type { Flow, FlowNode } from '../../runtime/definition/types.js';
import { flowQuestions, type FlowQuestion } from '../../runtime/fhir/flow-questions.js';
import { first, parseJson, type Db } from '../messaging/sql.js';

/** Example: see the module comment. */
export interface ResultsFlow {
  id: string;
  uuid: string;
  name: string;
  language: string | null;
  definition: Flow;
  questions: FlowQuestion[];
  /** Node uuid → what the node does, in a few words (its question or first message). */
  nodeLabels: Record<string, string>;
  /** Node uuids in definition order. */
  nodeOrder: string[];
  /** Nodes that wait for a message → the name of their timeout category (null without a timeout). */
  waitNodes: Record<string, string | null>;
}

export async function resultsFlow(db: Db, workspaceId: string, flowId: string): Promise<ResultsFlow> {
  const flow = await first<{ id: string; uuid: string; name: string }>(db, 'SELECT id, uuid, name FROM flows WHERE id = ? AND workspace_id = ?', [flowId, workspaceId]);
  if (!flow) throw new Error(`flowId: flow ${flowId} not found in this workspace`);
  const revision =
    (await first<{ definition: string }>(db, `SELECT definition FROM flow_revisions WHERE flow_id = ? AND status = 'published' ORDER BY revision DESC LIMIT 1`, [flow.id])) ??
    (await first<{ definition: string }>(db, 'SELECT definition FROM flow_revisions WHERE flow_id = ? ORDER BY revision DESC LIMIT 1', [flow.id]));
  const definition = parseJson<Flow | null>(revision?.definition, null) ?? ({ uuid: flow.uuid, name: flow.name, nodes: [] } as unknown as Flow);
  const nodes = Array.isArray(definition.nodes) ? definition.nodes : [];
  const nodeLabels: Record<string, string> = {};
  const waitNodes: Record<string, string | null> = {};
  for (const node of nodes) {
    nodeLabels[node.uuid] = nodeLabel(node);
    const wait = node.router?.wait;
    if (wait?.type === 'msg') {
      const timeoutUuid = wait.timeout?.category_uuid;
      waitNodes[node.uuid] = node.router?.categories.find((c) => c.uuid === timeoutUuid)?.name ?? null;
    }
  }
  return {
    id: flow.id,
    uuid: flow.uuid,
    name: flow.name,
    language: typeof definition.language === 'string' ? definition.language : null,
    definition,
    questions: nodes.length ? flowQuestions(definition) : [],
    nodeLabels,
    nodeOrder: nodes.map((n) => n.uuid),
    waitNodes,
  };
}

function shorten(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** "Age?" for a node that sends "How old are you?" and saves "Age"; the router's result name first. */
function nodeLabel(node: FlowNode): string {
  if (node.router?.result_name) return shorten(node.router.result_name);
  for (const action of node.actions ?? []) {
    const text = (action as { text?: unknown }).text;
    if (typeof text === 'string' && text.trim()) return shorten(text);
  }
  const first = node.actions?.[0];
  if (first) return first.type;
  return node.router ? `${node.router.type} router` : node.uuid.slice(0, 8);
}
