/**
 * targeting.*: what a broadcast or flow start can be aimed at, and how many contacts a choice reaches.
 *
 * Example:
 *   await trpc.targeting.options.query()   // { dimensions: { district: [{ value: 'Kilifi', count: 120 }], … }, groups: [...], contacts: {...} }
 *   await trpc.targeting.preview.query({ targets: { query: 'district = "Kilifi"' } })   // { matched: 124, active: 120 }
 */
import { z } from 'zod';
import { targetingOptions } from '../../targeting/options.js';
import { previewTargets } from '../../targeting/preview.js';
import { router, viewerProcedure } from '../trpc.js';
import { withMessagingErrors } from './messaging/errors.js';
import { targetsInput } from './messaging/shared.js';

export const targetingRouter = router({
  options: viewerProcedure.query(({ ctx }) => targetingOptions(ctx.db, ctx.workspace.id)),
  preview: viewerProcedure
    .input(z.object({ targets: targetsInput }))
    .query(({ ctx, input }) => withMessagingErrors(() => previewTargets(ctx.db, ctx.workspace.id, input.targets))),
});
