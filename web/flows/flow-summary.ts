/**
 * What the flow list shows of one flow, from a flows.list item.
 * Example: `{ id: "0193…", name: "Registration", type: "messaging", status: "published", updatedAt: "2026-11-25T14:46:00.000Z" }`.
 */
import type { ApiOutputs } from '../api/trpc-client.js';

/** One flows.list item as the server sends it. */
export type FlowListItem = ApiOutputs['flows']['list']['items'][number];

/** Never published; published and unchanged since; or published with a newer draft. */
export type FlowStatus = 'draft' | 'published' | 'changed';

export interface FlowSummary {
  id: string;
  name: string;
  type: string;
  status: FlowStatus;
  updatedAt: string;
}

export function flowStatus(publishedRevision: number | null, hasUnpublishedChanges: boolean): FlowStatus {
  if (publishedRevision === null) return 'draft';
  return hasUnpublishedChanges ? 'changed' : 'published';
}

export function toFlowSummary(item: FlowListItem): FlowSummary {
  return {
    id: item.id,
    name: item.name,
    type: item.type,
    status: flowStatus(item.publishedRevision, item.hasUnpublishedChanges),
    updatedAt: item.updatedAt,
  };
}
