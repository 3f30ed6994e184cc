/**
 * Input schemas and helpers shared by the messaging sub-routers.
 *
 * Example targets: `{ "groups": ["<group uuid>"], "query": "district = Kilifi" }`.
 * Example schedule: `{ "kind": "weekly", "hour": 9, "minute": 0, "days_of_week": [1] }` or `{ "kind": "once", "at": "2026-12-01T06:00:00Z" }`.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../db/schema.js';
import type { FlowEvents } from '../../../flows/flow-events.js';
import { runtimeFor, type MessagingRuntime } from '../../../messaging/runtime.js';
import { createSchedule } from '../../../messaging/schedules.js';

export const targetsInput = z.object({
  contacts: z.array(z.string().min(1)).max(100_000).optional(),
  groups: z.array(z.string().min(1)).max(1000).optional(),
  urns: z.array(z.string().min(3)).max(100_000).optional(),
  query: z.string().max(2000).optional(),
  all: z.boolean().optional(),
});

export const scheduleInput = z.object({
  kind: z.enum(['once', 'daily', 'weekly', 'monthly']),
  at: z.string().optional(),
  hour: z.number().int().min(0).max(23).optional(),
  minute: z.number().int().min(0).max(59).optional(),
  days_of_week: z.array(z.number().int().min(1).max(7)).optional(),
  day_of_month: z.number().int().min(1).max(31).optional(),
  timezone: z.string().optional(),
});

export type ScheduleInput = z.infer<typeof scheduleInput>;

export async function scheduleFromInput(db: Kysely<Database>, workspaceId: string, schedule: ScheduleInput | undefined): Promise<string | null> {
  if (!schedule) return null;
  const { kind, timezone, ...repeat } = schedule;
  return createSchedule(db, { workspaceId, kind, repeat, timezone });
}

const subscribed = new WeakSet<FlowEvents>();

/** The shared messaging runtime, with asset invalidation hooked to flow publishes. */
export function runtimeOf(ctx: { db: Kysely<Database>; services: { flowEvents?: FlowEvents } }): MessagingRuntime {
  const rt = runtimeFor(ctx.db);
  const events = ctx.services.flowEvents;
  if (events && !subscribed.has(events)) {
    subscribed.add(events);
    events.onPublished(({ workspaceId }) => runtimeFor(ctx.db).assets.invalidate(workspaceId));
  }
  return rt;
}

export function parseJsonField<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
