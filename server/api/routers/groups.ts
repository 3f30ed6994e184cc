/**
 * Contact groups: list with member counts, create (static, or smart with a query), rename/update, delete,
 * add/remove members of
 * static groups. Smart group membership is computed from the query elsewhere and cannot be edited by hand.
 *
 * Example: `const g = await trpc.groups.create.mutate({ name: 'Nurses' });`
 *          `await trpc.groups.addMembers.mutate({ groupId: g.id, contactIds: [c.id] });`
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { editorProcedure, router, viewerProcedure } from '../trpc.js';
import type { ApiContext } from '../context.js';
import { isoNow, newId } from '../../db/ids.js';
import { writeAudit } from '../../auth/audit.js';

const membersInput = z.object({ groupId: z.string().min(1), contactIds: z.array(z.string().min(1)).min(1).max(1000) });

async function requireStaticGroup(ctx: ApiContext & { workspace: { id: string } }, groupId: string) {
  const group = await ctx.db.selectFrom('groups').selectAll().where('workspace_id', '=', ctx.workspace.id).where('id', '=', groupId).executeTakeFirst();
  if (!group) throw new TRPCError({ code: 'NOT_FOUND', message: `groupId: no group ${groupId} in this workspace.` });
  if (group.query) throw new TRPCError({ code: 'BAD_REQUEST', message: `groupId: "${group.name}" is a smart group; its members come from its query.` });
  return group;
}

async function requireContactIds(ctx: ApiContext & { workspace: { id: string } }, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  const rows = await ctx.db.selectFrom('contacts').select('id').where('workspace_id', '=', ctx.workspace.id).where('id', 'in', unique).execute();
  const found = new Set(rows.map((r) => r.id));
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length) throw new TRPCError({ code: 'NOT_FOUND', message: `contactIds: no contact ${missing.slice(0, 5).join(', ')} in this workspace.` });
  return unique;
}

export const groupsRouter = router({
  list: viewerProcedure.query(async ({ ctx }) => {
    const rows = await ctx.db.selectFrom('groups').select([
      'groups.id', 'groups.uuid', 'groups.name', 'groups.query', 'groups.created_at',
      (eb) => eb.selectFrom('group_members').whereRef('group_members.group_id', '=', 'groups.id').select((e) => e.fn.countAll<number>().as('n')).as('count'),
    ]).where('groups.workspace_id', '=', ctx.workspace.id).orderBy('groups.name').execute();
    return rows.map((r) => ({ id: r.id, uuid: r.uuid, name: r.name, query: r.query, smart: r.query !== null, memberCount: Number(r.count ?? 0), createdAt: r.created_at }));
  }),

  create: editorProcedure
    .input(z.object({ name: z.string().trim().min(1).max(64), query: z.string().trim().min(1).max(2000).optional() }))
    .mutation(async ({ ctx, input }) => {
      const clash = await ctx.db.selectFrom('groups').select('id').where('workspace_id', '=', ctx.workspace.id)
        .where((eb) => eb(eb.fn('lower', ['name']), '=', input.name.toLowerCase())).executeTakeFirst();
      if (clash) throw new TRPCError({ code: 'CONFLICT', message: `name: a group called "${input.name}" already exists.` });
      const now = isoNow(ctx.services.clock.now());
      const row = { id: newId(), workspace_id: ctx.workspace.id, uuid: newId(), name: input.name, query: input.query ?? null, created_at: now, updated_at: now };
      await ctx.db.insertInto('groups').values(row).execute();
      return { id: row.id, uuid: row.uuid, name: row.name, query: row.query };
    }),

  /** Renames a group or changes a smart group's query (a static group cannot become smart, nor the reverse). */
  update: editorProcedure
    .input(z.object({ id: z.string().min(1), name: z.string().trim().min(1).max(64).optional(), query: z.string().trim().min(1).max(2000).optional() }))
    .mutation(async ({ ctx, input }) => {
      const group = await ctx.db.selectFrom('groups').selectAll().where('workspace_id', '=', ctx.workspace.id).where('id', '=', input.id).executeTakeFirst();
      if (!group) throw new TRPCError({ code: 'NOT_FOUND', message: `id: no group ${input.id} in this workspace.` });
      if (input.query !== undefined && group.query === null) throw new TRPCError({ code: 'BAD_REQUEST', message: `query: "${group.name}" is a static group; create a smart group instead.` });
      if (input.name !== undefined && input.name.toLowerCase() !== group.name.toLowerCase()) {
        const clash = await ctx.db.selectFrom('groups').select('id').where('workspace_id', '=', ctx.workspace.id)
          .where((eb) => eb(eb.fn('lower', ['name']), '=', input.name!.toLowerCase())).executeTakeFirst();
        if (clash) throw new TRPCError({ code: 'CONFLICT', message: `name: a group called "${input.name}" already exists.` });
      }
      await ctx.db.updateTable('groups').set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.query !== undefined ? { query: input.query } : {}),
        updated_at: isoNow(ctx.services.clock.now()),
      }).where('id', '=', group.id).execute();
      await writeAudit(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.actorUserId, action: 'group.update', target: `group:${group.uuid}`, detail: { fields: Object.keys(input).filter((k) => k !== 'id') }, ip: ctx.request.ip });
      return { ok: true };
    }),

  /** Deletes a group; its memberships go with it, its contacts stay. Past starts and broadcasts keep its uuid in their targets. */
  delete: editorProcedure.input(z.object({ id: z.string().min(1) })).mutation(async ({ ctx, input }) => {
    const group = await ctx.db.selectFrom('groups').select(['id', 'uuid', 'name']).where('workspace_id', '=', ctx.workspace.id).where('id', '=', input.id).executeTakeFirst();
    if (!group) throw new TRPCError({ code: 'NOT_FOUND', message: `id: no group ${input.id} in this workspace.` });
    await ctx.db.deleteFrom('groups').where('id', '=', group.id).execute();
    await writeAudit(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.actorUserId, action: 'group.delete', target: `group:${group.uuid}`, detail: { name: group.name }, ip: ctx.request.ip });
    return { ok: true };
  }),

  addMembers: editorProcedure.input(membersInput).mutation(async ({ ctx, input }) => {
    const group = await requireStaticGroup(ctx, input.groupId);
    const ids = await requireContactIds(ctx, input.contactIds);
    const now = isoNow(ctx.services.clock.now());
    const added = await ctx.db.transaction().execute(async (trx) => {
      const present = new Set((await trx.selectFrom('group_members').select('contact_id').where('group_id', '=', group.id).where('contact_id', 'in', ids).execute()).map((r) => r.contact_id));
      const fresh = ids.filter((id) => !present.has(id));
      if (fresh.length) await trx.insertInto('group_members').values(fresh.map((contact_id) => ({ group_id: group.id, contact_id, created_at: now }))).execute();
      return fresh.length;
    });
    return { added };
  }),

  removeMembers: editorProcedure.input(membersInput).mutation(async ({ ctx, input }) => {
    const group = await requireStaticGroup(ctx, input.groupId);
    const result = await ctx.db.deleteFrom('group_members').where('group_id', '=', group.id).where('contact_id', 'in', [...new Set(input.contactIds)]).executeTakeFirst();
    return { removed: Number(result.numDeletedRows ?? 0) };
  }),
});
