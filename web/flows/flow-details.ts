/**
 * What the flow page needs from flows.get: the flow's name and status and its latest definition (the one
 * the editor opens).
 * Example: `{ id: "0193…", name: "Registration", definition: { uuid: "…", nodes: [...] }, status: "draft", revision: 3, publishedRevision: null }`.
 */
import type { Flow } from '../../runtime/definition/types.js';
import type { ApiOutputs } from '../api/trpc-client.js';
import { CURRENT_SPEC_VERSION } from '../../runtime/definition/versions.js';
import { flowStatus, type FlowStatus } from './flow-summary.js';

export interface FlowDetails {
  id: string;
  name: string;
  definition: Flow;
  status: FlowStatus;
  revision: number | null;
  publishedRevision: number | null;
  /** When this answer was read: a reload after a conflict starts the editor over even at the same revision. */
  loadedAt: number;
}

/** Reads flows.get's answer; a flow without any saved revision gets an empty definition to start from. */
export function readFlowDetails(answer: ApiOutputs['flows']['get']): FlowDetails {
  const definition: Flow = answer.definition ?? {
    uuid: answer.uuid, name: answer.name, spec_version: CURRENT_SPEC_VERSION, language: 'eng', type: answer.type as Flow['type'],
    localization: {}, nodes: [],
  };
  return {
    id: answer.id,
    name: answer.name,
    definition,
    status: flowStatus(answer.publishedRevision, answer.hasUnpublishedChanges),
    revision: answer.revision?.revision ?? answer.latestRevision,
    publishedRevision: answer.publishedRevision,
    loadedAt: Date.now(),
  };
}
