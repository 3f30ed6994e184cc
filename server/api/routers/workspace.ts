/**
 * Workspace settings: name, time zone, default country, languages, quiet hours, opt-out words.
 *
 * Example: `await trpc.workspace.update.mutate({ timezone: 'Africa/Nairobi', languages: ['eng', 'swa'],
 *   quietHours: { start: '21:00', end: '07:00' }, optOutWords: ['stop', 'acha'] })`
 */
import { z } from 'zod';
import { adminProcedure, router, viewerProcedure } from '../trpc.js';
import { writeAudit } from '../../auth/audit.js';
import { isoNow } from '../../db/ids.js';
import type { WorkspaceRow } from '../../auth/request-auth.js';

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM (24 h), e.g. "21:00"');

export const workspaceSettingsSchema = z.object({
  name: z.string().trim().min(1).max(200),
  timezone: z.string().refine(isTimeZone, 'timezone: not a known IANA time zone (e.g. "Africa/Nairobi")'),
  defaultCountry: z.string().regex(/^[A-Z]{2}$/, 'defaultCountry: must be an ISO 3166 two-letter code, e.g. "KE"').nullable(),
  languages: z.array(z.string().regex(/^[a-z]{3}$/, 'languages: each must be an ISO 639-3 code, e.g. "swa"')).min(1, 'languages: at least one').max(50)
    .refine((l) => new Set(l).size === l.length, 'languages: duplicates'),
  quietHours: z.object({ start: clockTime, end: clockTime }).refine((q) => q.start !== q.end, 'quietHours: start and end must differ').nullable(),
  optOutWords: z.array(z.string().trim().min(1).max(50)).max(100),
});

export function workspaceSettingsView(ws: WorkspaceRow) {
  return {
    id: ws.id,
    name: ws.name,
    timezone: ws.timezone,
    defaultCountry: ws.default_country,
    languages: JSON.parse(ws.languages) as string[],
    quietHours: ws.quiet_hours ? (JSON.parse(ws.quiet_hours) as { start: string; end: string }) : null,
    optOutWords: JSON.parse(ws.opt_out_words) as string[],
    createdAt: ws.created_at,
    updatedAt: ws.updated_at,
  };
}

export const workspaceRouter = router({
  get: viewerProcedure.query(({ ctx }) => workspaceSettingsView(ctx.workspace)),

  update: adminProcedure.input(workspaceSettingsSchema.partial()).mutation(async ({ ctx, input }) => {
    const changes: Partial<Omit<WorkspaceRow, 'id'>> = {};
    if (input.name !== undefined) changes.name = input.name;
    if (input.timezone !== undefined) changes.timezone = input.timezone;
    if (input.defaultCountry !== undefined) changes.default_country = input.defaultCountry;
    if (input.languages !== undefined) changes.languages = JSON.stringify(input.languages);
    if (input.quietHours !== undefined) changes.quiet_hours = input.quietHours ? JSON.stringify(input.quietHours) : null;
    if (input.optOutWords !== undefined) changes.opt_out_words = JSON.stringify([...new Set(input.optOutWords.map((w) => w.toLowerCase()))]);
    changes.updated_at = isoNow(ctx.services.clock.now());
    await ctx.db.updateTable('workspaces').set(changes).where('id', '=', ctx.workspace.id).execute();
    await writeAudit(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.actorUserId, action: 'workspace.update', target: `workspace:${ctx.workspace.id}`, detail: { fields: Object.keys(input) }, ip: ctx.request.ip });
    const row = await ctx.db.selectFrom('workspaces').selectAll().where('id', '=', ctx.workspace.id).executeTakeFirstOrThrow();
    return workspaceSettingsView(row);
  }),
});
