/**
 * Contacts: list (search by name or URN, filter by status or group, paginate), get, create, update, delete.
 * URNs are normalized (phone numbers to E.164 with the workspace's default country) and unique per workspace.
 *
 * Example:
 *   await trpc.contacts.create.mutate({ name: 'Amina', urns: ['tel:0712 345 678'], fields: { district: 'Kilifi' } });
 *   // stored URN: "tel:+254712345678" when the workspace's default country is KE
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { Kysely, Transaction } from 'kysely';
import { editorProcedure, router, viewerProcedure } from '../trpc.js';
import type { ApiContext } from '../context.js';
import type { Database } from '../../db/schema.js';
import { isoNow, newId } from '../../db/ids.js';
import { writeAudit } from '../../auth/audit.js';
import { normalizeUrn, parseUrnString } from '../../../runtime/engine/urns.js';
import { SIMULATOR_FHIR_REF } from '../../messaging/simulator.js';

const contactStatus = z.enum(['active', 'stopped', 'blocked', 'archived']);
const fieldKey = z.string().regex(/^[a-z][a-z0-9_]{0,35}$/, 'field keys are lower_snake_case, e.g. "district"');
const fieldsSchema = z.record(fieldKey, z.string().max(640).nullable());

type Db = Kysely<Database> | Transaction<Database>;

/** Normalizes URN strings; throws BAD_REQUEST naming the bad one. */
export function normalizeUrns(urns: string[], country: string | null): { scheme: string; path: string; identity: string }[] {
  const out: { scheme: string; path: string; identity: string }[] = [];
  urns.forEach((text, index) => {
    const parsed = parseUrnString(text);
    const normalized = parsed ? normalizeUrn(parsed.scheme, parsed.path, country) : null;
    if (!parsed || !normalized) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: `urns[${index}]: "${text}" is not a valid URN (expected e.g. "tel:+254712345678" or "telegram:123456")` });
    }
    const colon = normalized.indexOf(':');
    if (!out.some((u) => u.identity === normalized)) out.push({ scheme: normalized.slice(0, colon), path: normalized.slice(colon + 1), identity: normalized });
  });
  return out;
}

async function replaceUrns(db: Db, workspaceId: string, contactId: string, urns: { scheme: string; path: string; identity: string }[], now: string) {
  for (const urn of urns) {
    const owner = await db.selectFrom('contact_urns').innerJoin('contacts', 'contacts.id', 'contact_urns.contact_id')
      .select(['contacts.id', 'contacts.name']).where('contact_urns.workspace_id', '=', workspaceId)
      .where('contact_urns.identity', '=', urn.identity).executeTakeFirst();
    if (owner && owner.id !== contactId) {
      throw new TRPCError({ code: 'CONFLICT', message: `urns: ${urn.identity} already belongs to contact "${owner.name ?? owner.id}".` });
    }
  }
  const existing = await db.selectFrom('contact_urns').select(['id', 'identity']).where('contact_id', '=', contactId).execute();
  const wanted = new Set(urns.map((u) => u.identity));
  const stale = existing.filter((e) => !wanted.has(e.identity)).map((e) => e.id);
  if (stale.length) await db.deleteFrom('contact_urns').where('id', 'in', stale).execute();
  for (const [priority, urn] of urns.entries()) {
    const found = existing.find((e) => e.identity === urn.identity);
    if (found) await db.updateTable('contact_urns').set({ priority }).where('id', '=', found.id).execute();
    else {
      await db.insertInto('contact_urns').values({ id: newId(), workspace_id: workspaceId, contact_id: contactId, scheme: urn.scheme, path: urn.path, identity: urn.identity, priority, channel_id: null, created_at: now }).execute();
    }
  }
}

async function requireContact(ctx: ApiContext & { workspace: { id: string } }, id: string) {
  const row = await ctx.db.selectFrom('contacts').selectAll().where('workspace_id', '=', ctx.workspace.id)
    .where((eb) => eb.or([eb('id', '=', id), eb('uuid', '=', id)])).executeTakeFirst();
  if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: `No contact ${id} in this workspace.` });
  return row;
}

async function contactView(db: Db, row: Awaited<ReturnType<typeof requireContact>>) {
  const urns = await db.selectFrom('contact_urns').select(['identity', 'scheme', 'path', 'priority', 'channel_id'])
    .where('contact_id', '=', row.id).orderBy('priority').execute();
  const groups = await db.selectFrom('group_members').innerJoin('groups', 'groups.id', 'group_members.group_id')
    .select(['groups.id', 'groups.uuid', 'groups.name']).where('group_members.contact_id', '=', row.id).orderBy('groups.name').execute();
  return {
    id: row.id, uuid: row.uuid, name: row.name, language: row.language, timezone: row.timezone, status: row.status,
    fields: JSON.parse(row.fields) as Record<string, string>, lastSeenAt: row.last_seen_at, fhirRef: row.fhir_ref,
    createdAt: row.created_at, updatedAt: row.updated_at,
    urns: urns.map((u) => u.identity), groups,
  };
}

function cleanFields(fields: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => e[1] !== null && e[1] !== ''));
}

export const contactsRouter = router({
  list: viewerProcedure
    .input(z.object({
      search: z.string().trim().max(200).optional(),
      status: contactStatus.optional(),
      groupId: z.string().optional(),
      limit: z.number().int().min(1).max(500).default(50),
      offset: z.number().int().min(0).default(0),
    }).default({ limit: 50, offset: 0 }))
    .query(async ({ ctx, input }) => {
      let query = ctx.db.selectFrom('contacts').where('contacts.workspace_id', '=', ctx.workspace.id)
        // The simulator's test contacts are not people: never listed (their messages are hidden too).
        .where((eb) => eb.or([eb('contacts.fhir_ref', 'is', null), eb('contacts.fhir_ref', '!=', SIMULATOR_FHIR_REF)]));
      if (input.status) query = query.where('contacts.status', '=', input.status);
      if (input.groupId) {
        query = query.where('contacts.id', 'in', (eb) => eb.selectFrom('group_members').innerJoin('groups', 'groups.id', 'group_members.group_id')
          .select('group_members.contact_id').where('groups.workspace_id', '=', ctx.workspace.id).where('groups.id', '=', input.groupId!));
      }
      if (input.search) {
        const term = `%${input.search.toLowerCase().replace(/[%_]/g, '')}%`;
        query = query.where((eb) => eb.or([
          eb(eb.fn('lower', ['contacts.name']), 'like', term),
          eb('contacts.id', 'in', eb.selectFrom('contact_urns').select('contact_urns.contact_id')
            .where('contact_urns.workspace_id', '=', ctx.workspace.id).where((e) => e(e.fn('lower', ['contact_urns.identity']), 'like', term))),
        ]));
      }
      const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
      const rows = await query.selectAll('contacts').orderBy('contacts.created_at', 'desc').orderBy('contacts.id', 'desc')
        .limit(input.limit).offset(input.offset).execute();
      const ids = rows.map((r) => r.id);
      const urns = ids.length ? await ctx.db.selectFrom('contact_urns').select(['contact_id', 'identity']).where('contact_id', 'in', ids).orderBy('priority').execute() : [];
      return {
        total: Number(total?.n ?? 0),
        items: rows.map((r) => ({
          id: r.id, uuid: r.uuid, name: r.name, language: r.language, status: r.status, lastSeenAt: r.last_seen_at,
          fields: JSON.parse(r.fields) as Record<string, string>, createdAt: r.created_at,
          urns: urns.filter((u) => u.contact_id === r.id).map((u) => u.identity),
        })),
      };
    }),

  get: viewerProcedure.input(z.object({ id: z.string().min(1) })).query(async ({ ctx, input }) => contactView(ctx.db, await requireContact(ctx, input.id))),

  create: editorProcedure
    .input(z.object({
      name: z.string().trim().max(128).nullable().optional(),
      language: z.string().regex(/^[a-z]{3}$/, 'language: an ISO 639-3 code').nullable().optional(),
      timezone: z.string().max(64).nullable().optional(),
      urns: z.array(z.string().max(255)).max(20).default([]),
      fields: fieldsSchema.default({}),
      groupIds: z.array(z.string()).max(100).default([]),
    }))
    .mutation(async ({ ctx, input }) => {
      const urns = normalizeUrns(input.urns, ctx.workspace.default_country);
      const now = isoNow(ctx.services.clock.now());
      const id = newId();
      await ctx.db.transaction().execute(async (trx) => {
        await trx.insertInto('contacts').values({
          id, workspace_id: ctx.workspace.id, uuid: newId(), name: input.name ?? null, language: input.language ?? null,
          timezone: input.timezone ?? null, status: 'active', fields: JSON.stringify(cleanFields(input.fields)),
          last_seen_at: null, fhir_ref: null, created_at: now, updated_at: now,
        }).execute();
        await replaceUrns(trx, ctx.workspace.id, id, urns, now);
        for (const groupId of input.groupIds) {
          const group = await trx.selectFrom('groups').select(['id', 'query']).where('workspace_id', '=', ctx.workspace.id).where('id', '=', groupId).executeTakeFirst();
          if (!group) throw new TRPCError({ code: 'NOT_FOUND', message: `groupIds: no group ${groupId} in this workspace.` });
          if (group.query) throw new TRPCError({ code: 'BAD_REQUEST', message: `groupIds: group ${groupId} is a smart group; its members come from its query.` });
          await trx.insertInto('group_members').values({ group_id: group.id, contact_id: id, created_at: now }).execute();
        }
      });
      return contactView(ctx.db, await requireContact(ctx, id));
    }),

  update: editorProcedure
    .input(z.object({
      id: z.string().min(1),
      name: z.string().trim().max(128).nullable().optional(),
      language: z.string().regex(/^[a-z]{3}$/, 'language: an ISO 639-3 code').nullable().optional(),
      timezone: z.string().max(64).nullable().optional(),
      status: contactStatus.optional(),
      /** Replaces the URN list (order = priority). */
      urns: z.array(z.string().max(255)).max(20).optional(),
      /** Merged into existing fields; null removes a field. */
      fields: fieldsSchema.optional(),
    }))
    .mutation(async ({ ctx, input }) => {
      const row = await requireContact(ctx, input.id);
      const now = isoNow(ctx.services.clock.now());
      const urns = input.urns ? normalizeUrns(input.urns, ctx.workspace.default_country) : null;
      await ctx.db.transaction().execute(async (trx) => {
        const fields = input.fields ? cleanFields({ ...JSON.parse(row.fields), ...input.fields }) : undefined;
        await trx.updateTable('contacts').set({
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.language !== undefined ? { language: input.language } : {}),
          ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
          ...(input.status !== undefined ? { status: input.status } : {}),
          ...(fields ? { fields: JSON.stringify(fields) } : {}),
          updated_at: now,
        }).where('id', '=', row.id).execute();
        if (urns) await replaceUrns(trx, ctx.workspace.id, row.id, urns, now);
      });
      return contactView(ctx.db, await requireContact(ctx, row.id));
    }),

  /** Deletes the contact and, through foreign keys, its URNs, memberships, sessions, runs and messages. */
  delete: editorProcedure.input(z.object({ id: z.string().min(1) })).mutation(async ({ ctx, input }) => {
    const row = await requireContact(ctx, input.id);
    await ctx.db.deleteFrom('contacts').where('id', '=', row.id).execute();
    await writeAudit(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.actorUserId, action: 'contact.delete', target: `contact:${row.uuid}`, ip: ctx.request.ip });
    return { ok: true };
  }),
});
