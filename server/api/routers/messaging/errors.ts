/**
 * Turns the messaging modules' plain errors (written for people, naming the field at fault) into tRPC
 * errors: "not found"-style messages → NOT_FOUND, other validation messages → BAD_REQUEST; database
 * errors stay internal (their text is not shown).
 *
 * Example: `return withMessagingErrors(() => createBroadcast(ctx.db, input))`.
 */
import { TRPCError } from '@trpc/server';

export async function withMessagingErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof TRPCError) throw error;
    const err = error as Error;
    if (err?.name === 'SqliteError') throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'The database could not complete this request.', cause: err });
    const message = String(err?.message ?? error);
    const code = /not found|no such|does not exist|no simulated session/i.test(message) ? 'NOT_FOUND' : 'BAD_REQUEST';
    throw new TRPCError({ code, message, cause: err });
  }
}
