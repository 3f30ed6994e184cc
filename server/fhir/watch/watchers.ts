/**
 * Per-workspace watcher settings (`fhir_watchers`): which connection, which flow, on/off, how often and
 * kind-specific settings, for lab results, appointment reminders and the communications export.
 *
 *   await saveWatcher(db, ws, { kind: 'lab_results', connectionId, flowId, enabled: true, settings: { max_per_message: 5 } });
 *   await listWatchers(db, ws)   // [{ kind: 'lab_results', enabled: true, lastStatus: 'ok', counts: { delivered: 4, pending: 1 }, … }]
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { isoNow, newId } from '../../db/ids.js';
import type { Database } from '../../db/schema.js';
import type { FhirWatcherKind, FhirWatchersTable } from '../../db/schema-fhir-watch.js';

export const WATCHER_KINDS = ['lab_results', 'appointment_reminders', 'communications'] as const satisfies readonly FhirWatcherKind[];

/** Lab results: results per message, how far back a new watcher looks, and an optional cadre filter. */
export const labResultsSettingsSchema = z.object({
  max_per_message: z.number().int().min(1).max(20).default(5),
  lookback_days: z.number().int().min(0).max(365).default(14),
  /** Only health workers whose cadre contains this text (e.g. "lab"); empty = every health worker of the facility. */
  cadre: z.string().trim().max(100).default(''),
});
export type LabResultsSettings = z.infer<typeof labResultsSettingsSchema>;

/** Reminders: days before the appointment. */
export const reminderSettingsSchema = z.object({
  days_before: z.number().int().min(0).max(60).default(3),
});
export type ReminderSettings = z.infer<typeof reminderSettingsSchema>;

/** What the communications export writes. */
export const communicationsSettingsSchema = z.object({
  messages: z.boolean().default(true),
  requests: z.boolean().default(true),
  questionnaires: z.boolean().default(true),
  opt_outs: z.boolean().default(true),
});
export type CommunicationsSettings = z.infer<typeof communicationsSettingsSchema>;

const SETTINGS = { lab_results: labResultsSettingsSchema, appointment_reminders: reminderSettingsSchema, communications: communicationsSettingsSchema } as const;

/** Parsed settings of a watcher row (defaults filled in). */
export function watcherSettings<K extends FhirWatcherKind>(kind: K, json: string | null | undefined): z.infer<(typeof SETTINGS)[K]> {
  let raw: unknown = {};
  try {
    raw = json ? JSON.parse(json) : {};
  } catch {
    raw = {};
  }
  return SETTINGS[kind].parse(raw) as z.infer<(typeof SETTINGS)[K]>;
}

export const watcherInputSchema = z.object({
  kind: z.enum(WATCHER_KINDS),
  connectionId: z.string().min(1, 'connectionId: choose a FHIR connection'),
  flowId: z.string().min(1).nullable().optional(),
  enabled: z.boolean(),
  pollMinutes: z.number().int().min(1).max(24 * 60).optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
});
export type WatcherInput = z.infer<typeof watcherInputSchema>;

/** A watcher as the API shows it. */
export interface WatcherView {
  id: string;
  kind: FhirWatcherKind;
  connectionId: string;
  flowId: string | null;
  enabled: boolean;
  pollMinutes: number;
  settings: Record<string, unknown>;
  cursor: string | null;
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastStatus: string | null;
  lastError: string | null;
  lastSummary: Record<string, unknown>;
  /** Items handled, by status. Example: `{ delivered: 4, pending: 1 }`. */
  counts: Record<string, number>;
}

export class WatcherConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WatcherConfigError';
  }
}

function toView(row: FhirWatchersTable, counts: Record<string, number>): WatcherView {
  return {
    id: row.id,
    kind: row.kind,
    connectionId: row.connection_id,
    flowId: row.flow_id,
    enabled: row.enabled === 1,
    pollMinutes: row.poll_minutes,
    settings: watcherSettings(row.kind, row.settings) as Record<string, unknown>,
    cursor: row.cursor,
    nextRunAt: row.next_run_at,
    lastRunAt: row.last_run_at,
    lastStatus: row.last_status,
    lastError: row.last_error,
    lastSummary: JSON.parse(row.last_summary || '{}') as Record<string, unknown>,
    counts,
  };
}

export async function listWatchers(db: Kysely<Database>, workspaceId: string): Promise<WatcherView[]> {
  const rows = await db.selectFrom('fhir_watchers').selectAll().where('workspace_id', '=', workspaceId).orderBy('kind').execute();
  const counts = await db
    .selectFrom('fhir_watch_items')
    .select(['kind', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId)
    .groupBy(['kind', 'status'])
    .execute();
  return rows.map((r) => toView(r, Object.fromEntries(counts.filter((c) => c.kind === r.kind).map((c) => [c.status, Number(c.n)]))));
}

export async function getWatcher(db: Kysely<Database>, workspaceId: string, kind: FhirWatcherKind): Promise<FhirWatchersTable | undefined> {
  return db.selectFrom('fhir_watchers').selectAll().where('workspace_id', '=', workspaceId).where('kind', '=', kind).executeTakeFirst();
}

/** Creates or updates the workspace's watcher of `input.kind`, checking the connection and flow. */
export async function saveWatcher(db: Kysely<Database>, workspaceId: string, input: WatcherInput, now = new Date()): Promise<WatcherView> {
  const connection = await db.selectFrom('fhir_connections').select('id').where('workspace_id', '=', workspaceId).where('id', '=', input.connectionId).executeTakeFirst();
  if (!connection) throw new WatcherConfigError(`connectionId: FHIR connection ${input.connectionId} is not in this workspace`);
  const needsFlow = input.kind !== 'communications';
  const flowId = needsFlow ? (input.flowId ?? null) : null;
  if (needsFlow && input.enabled && !flowId) throw new WatcherConfigError(`flowId: choose the flow to start for ${input.kind === 'lab_results' ? 'lab results' : 'appointment reminders'}`);
  if (flowId) {
    const flow = await db.selectFrom('flows').select(['id', 'archived']).where('workspace_id', '=', workspaceId).where('id', '=', flowId).executeTakeFirst();
    if (!flow) throw new WatcherConfigError(`flowId: flow ${flowId} is not in this workspace`);
    if (flow.archived) throw new WatcherConfigError('flowId: the flow is archived');
    const published = await db.selectFrom('flow_revisions').select('id').where('flow_id', '=', flowId).where('status', '=', 'published').executeTakeFirst();
    if (!published) throw new WatcherConfigError('flowId: the flow has no published revision; publish it first');
  }
  const parsed = SETTINGS[input.kind].safeParse(input.settings ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new WatcherConfigError(`settings.${issue.path.join('.')}: ${issue.message}`);
  }
  const at = isoNow(now);
  const existing = await getWatcher(db, workspaceId, input.kind);
  const pollMinutes = input.pollMinutes ?? existing?.poll_minutes ?? (input.kind === 'appointment_reminders' ? 60 : input.kind === 'communications' ? 1 : 15);
  if (existing) {
    await db
      .updateTable('fhir_watchers')
      .set({
        connection_id: input.connectionId,
        flow_id: flowId,
        enabled: input.enabled ? 1 : 0,
        poll_minutes: pollMinutes,
        settings: JSON.stringify(parsed.data),
        // another server: its cursor means nothing here
        ...(existing.connection_id !== input.connectionId ? { cursor: null } : {}),
        next_run_at: input.enabled ? at : null,
        updated_at: at,
      })
      .where('id', '=', existing.id)
      .execute();
  } else {
    await db
      .insertInto('fhir_watchers')
      .values({
        id: newId(),
        workspace_id: workspaceId,
        kind: input.kind,
        connection_id: input.connectionId,
        flow_id: flowId,
        enabled: input.enabled ? 1 : 0,
        poll_minutes: pollMinutes,
        settings: JSON.stringify(parsed.data),
        cursor: null,
        next_run_at: input.enabled ? at : null,
        last_run_at: null,
        last_status: null,
        last_error: null,
        last_summary: '{}',
        created_at: at,
        updated_at: at,
      })
      .execute();
  }
  return (await listWatchers(db, workspaceId)).find((w) => w.kind === input.kind)!;
}

/** Records the outcome of a watcher pass and when it runs next. */
export async function recordWatcherRun(
  db: Kysely<Database>,
  watcher: FhirWatchersTable,
  outcome: { status: 'ok' | 'failed'; summary: object; error?: string; cursor?: string | null },
  now: Date,
): Promise<void> {
  await db
    .updateTable('fhir_watchers')
    .set({
      last_run_at: isoNow(now),
      last_status: outcome.status,
      last_error: outcome.error ?? null,
      last_summary: JSON.stringify(outcome.summary),
      next_run_at: isoNow(new Date(now.getTime() + watcher.poll_minutes * 60_000)),
      ...(outcome.cursor !== undefined ? { cursor: outcome.cursor } : {}),
      updated_at: isoNow(now),
    })
    .where('id', '=', watcher.id)
    .execute();
}
