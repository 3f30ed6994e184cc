/**
 * Which steps match the canvas search (Ctrl+F): any text of the step (messages, quick replies, rules,
 * category and result names, what it splits on), ignoring case and accents.
 *
 *   searchNodes(flow, 'fievre')  → ['46d5…']   // matches “Avez-vous de la fièvre ?”
 */
import type { Flow, FlowNode } from '../../../runtime/definition/types.js';

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}

function nodeText(node: FlowNode): string {
  const parts: string[] = [];
  const collect = (value: unknown) => {
    if (typeof value === 'string') parts.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') Object.entries(value).forEach(([key, inner]) => key !== 'uuid' && !key.endsWith('_uuid') && collect(inner));
  };
  collect(node.actions);
  collect(node.router ?? null);
  return fold(parts.join(' \n '));
}

export function searchNodes(flow: Flow, query: string): string[] {
  const wanted = fold(query.trim());
  if (!wanted) return [];
  return flow.nodes.filter((node) => nodeText(node).includes(wanted)).map((node) => node.uuid);
}
