/**
 * A refusal from the flow store, with a reason code the API maps to an HTTP/tRPC status, and the flow issues
 * that caused it (publish and import).
 *
 * Example: `throw new FlowStoreError('conflict', 'Flow was saved by someone else (revision 5); reload first')`.
 */
import type { FlowIssue } from '../../runtime/definition/issues.js';

export type FlowStoreErrorCode = 'not_found' | 'conflict' | 'invalid' | 'unavailable';

export class FlowStoreError extends Error {
  constructor(
    readonly code: FlowStoreErrorCode,
    message: string,
    readonly flowIssues: FlowIssue[] = [],
  ) {
    super(message);
    this.name = 'FlowStoreError';
  }
}
