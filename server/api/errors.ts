/**
 * Turns domain errors into tRPC errors with the right status, keeping the message (already written for people)
 * and the flow issues (sent to clients as `error.data.flowIssues`).
 *
 * Example: `return await withFlowErrors(() => ctx.services.flows.publish(...))`.
 */
import { TRPCError } from '@trpc/server';
import { FlowStoreError } from '../flows/flow-store-error.js';

const CODES = {
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
  invalid: 'BAD_REQUEST',
  unavailable: 'PRECONDITION_FAILED',
} as const;

export async function withFlowErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof FlowStoreError) {
      throw new TRPCError({ code: CODES[error.code], message: error.message, cause: error });
    }
    throw error;
  }
}
