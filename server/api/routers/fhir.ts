/**
 * FHIR interoperability API: connections (admin; secrets are write-only), "test connection", sync now with
 * a progress status to poll, the schedule, sync reports with skipped records (viewer), the watchers
 * (lab results, appointment reminders, communications export: admin to change, viewer to see) and the
 * write-back queue (viewer to see, admin to retry a failed write).
 *
 * Example (client):
 *   const c = await trpc.fhir.connections.create.mutate({ name: 'iHRIS', baseUrl: 'http://127.0.0.1:8090/fhir', auth: { type: 'none' } });
 *   await trpc.fhir.connections.test.mutate({ id: c.id })       // { ok: true, fhirVersion: '4.0.1', message: 'Connected: FHIR 4.0.1 (R4).' }
 *   const { runId } = await trpc.fhir.sync.start.mutate({ connectionId: c.id });
 *   await trpc.fhir.sync.status.query({ runId })                 // { status: 'running', phase: 'reading Practitioner', percent: 40, … }
 *   await trpc.fhir.sync.report.query({ connectionId: c.id })   // the last finished run with its skipped records
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { writeAudit } from '../../auth/audit.js';
import {
  ConnectionAdminError, connectionInputSchema, connectionUpdateSchema, createConnection, deleteConnection, getConnection, listConnections, testConnection,
  updateConnection,
} from '../../fhir/connection-admin.js';
import { clientForConnection } from '../../fhir/connections.js';
import { FhirEffects } from '../../fhir/effects.js';
import { getSyncRun, latestSyncRun, listSyncRuns, startSyncRun, SyncBusyError } from '../../fhir/sync-runs.js';
import { recentItems } from '../../fhir/watch/items.js';
import { runWatcherNow } from '../../fhir/watch/run-watchers.js';
import { listWatchers, saveWatcher, WatcherConfigError, watcherInputSchema, WATCHER_KINDS } from '../../fhir/watch/watchers.js';
import { listWrites, requeueWrite } from '../../fhir/writeback/queue.js';
import { runtimeFor } from '../../messaging/runtime.js';
import { adminProcedure, router, viewerProcedure } from '../trpc.js';

const CODES = { not_found: 'NOT_FOUND', conflict: 'CONFLICT', invalid: 'BAD_REQUEST' } as const;

/** Domain refusals → tRPC errors with the same (already human) message. */
async function withFhirErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof TRPCError) throw error;
    if (error instanceof ConnectionAdminError) throw new TRPCError({ code: CODES[error.code], message: error.message, cause: error });
    if (error instanceof WatcherConfigError) throw new TRPCError({ code: 'BAD_REQUEST', message: error.message, cause: error });
    if (error instanceof SyncBusyError) throw new TRPCError({ code: 'CONFLICT', message: error.message, cause: error });
    if (error instanceof Error && /not found in workspace|not found in this workspace/.test(error.message)) throw new TRPCError({ code: 'NOT_FOUND', message: error.message, cause: error });
    throw error;
  }
}

const id = z.string().trim().min(1).max(64);

/** Background syncs started by this process, so tests and graceful stops can wait for them. */
const running = new Map<string, Promise<unknown>>();

/** Waits for every sync this process started through the API (tests; graceful stop). */
export async function idleFhirSyncs(): Promise<void> {
  await Promise.all([...running.values()]);
}

const connectionsRouter = router({
  /** The workspace's connections (no secrets), with schedule and health. */
  list: viewerProcedure.query(({ ctx }) => listConnections(ctx.db, ctx.workspace.id)),

  create: adminProcedure.input(connectionInputSchema).mutation(({ ctx, input }) => withFhirErrors(async () => {
    const view = await createConnection(ctx.db, ctx.workspace.id, input, ctx.services.clock.now());
    await writeAudit(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.actorUserId, action: 'fhir_connection.create', target: `fhir_connection:${view.id}`, detail: { name: view.name, baseUrl: view.baseUrl, auth: view.auth.type }, ip: ctx.request.ip });
    runtimeFor(ctx.db).invalidateWorkspaceServices(ctx.workspace.id);
    return view;
  })),

  /** Changes name, URL, auth (a secret left out is kept) or settings (schedule, scopes, default country). */
  update: adminProcedure.input(connectionUpdateSchema).mutation(({ ctx, input }) => withFhirErrors(async () => {
    const view = await updateConnection(ctx.db, ctx.workspace.id, input, ctx.services.clock.now());
    await writeAudit(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.actorUserId, action: 'fhir_connection.update', target: `fhir_connection:${view.id}`, detail: { fields: Object.keys(input).filter((k) => k !== 'id'), auth: input.auth?.type ?? null }, ip: ctx.request.ip });
    runtimeFor(ctx.db).invalidateWorkspaceServices(ctx.workspace.id);
    return view;
  })),

  delete: adminProcedure.input(z.object({ id })).mutation(({ ctx, input }) => withFhirErrors(async () => {
    await deleteConnection(ctx.db, ctx.workspace.id, input.id);
    await writeAudit(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.actorUserId, action: 'fhir_connection.delete', target: `fhir_connection:${input.id}`, ip: ctx.request.ip });
    runtimeFor(ctx.db).invalidateWorkspaceServices(ctx.workspace.id);
    return { ok: true };
  })),

  /** Asks the server for its CapabilityStatement: FHIR version, or what is wrong in plain words. */
  test: adminProcedure.input(z.object({ id })).mutation(({ ctx, input }) => withFhirErrors(async () => {
    const { row } = await getConnection(ctx.db, ctx.workspace.id, input.id);
    let client;
    try {
      client = clientForConnection(row, { retries: 0, timeoutMs: 10_000 });
    } catch (err) {
      return { ok: false, fhirVersion: null, software: null, message: (err as Error).message, elapsedMs: 0 };
    }
    return testConnection(client);
  })),
});

const syncRouter = router({
  /** Starts a sync in the background; poll `status` with the returned runId. */
  start: adminProcedure.input(z.object({ connectionId: id, full: z.boolean().optional() })).mutation(({ ctx, input }) => withFhirErrors(async () => {
    const { runId, done } = await startSyncRun({ db: ctx.db, workspaceId: ctx.workspace.id, connectionId: input.connectionId, trigger: 'manual', full: input.full, now: () => ctx.services.clock.now() });
    running.set(runId, done.finally(() => running.delete(runId)));
    return { runId };
  })),

  /** A run's progress: status, phase, percent, counts (and, once finished, skipped records). */
  status: viewerProcedure.input(z.object({ runId: id })).query(({ ctx, input }) => withFhirErrors(async () => {
    const run = await getSyncRun(ctx.db, ctx.workspace.id, input.runId);
    if (!run) throw new TRPCError({ code: 'NOT_FOUND', message: `sync run ${input.runId} not found in this workspace` });
    return run;
  })),

  /** The last finished sync of a connection with every skipped record and its reason (null before the first). */
  report: viewerProcedure.input(z.object({ connectionId: id })).query(({ ctx, input }) => withFhirErrors(async () => {
    await getConnection(ctx.db, ctx.workspace.id, input.connectionId);
    return { last: await latestSyncRun(ctx.db, ctx.workspace.id, input.connectionId, true), current: await latestSyncRun(ctx.db, ctx.workspace.id, input.connectionId) };
  })),

  history: viewerProcedure.input(z.object({ connectionId: id, limit: z.number().int().min(1).max(100).optional() })).query(({ ctx, input }) => withFhirErrors(async () => {
    await getConnection(ctx.db, ctx.workspace.id, input.connectionId);
    const runs = await listSyncRuns(ctx.db, ctx.workspace.id, input.connectionId, input.limit);
    return runs.map(({ skipped, ...rest }) => ({ ...rest, skippedCount: skipped.length }));
  })),
});

const watchersRouter = router({
  list: viewerProcedure.query(({ ctx }) => listWatchers(ctx.db, ctx.workspace.id)),

  /** Creates or changes the workspace's watcher of a kind (connection, flow, on/off, settings). */
  save: adminProcedure.input(watcherInputSchema).mutation(({ ctx, input }) => withFhirErrors(async () => {
    const view = await saveWatcher(ctx.db, ctx.workspace.id, input, ctx.services.clock.now());
    await writeAudit(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.actorUserId, action: 'fhir_watcher.save', target: `fhir_watcher:${view.id}`, detail: { kind: input.kind, enabled: input.enabled, flowId: input.flowId ?? null }, ip: ctx.request.ip });
    return view;
  })),

  /** Runs a watcher once now ("check now"). */
  runNow: adminProcedure.input(z.object({ kind: z.enum(WATCHER_KINDS) })).mutation(({ ctx, input }) => withFhirErrors(async () => {
    const rt = runtimeFor(ctx.db);
    return runWatcherNow({ db: ctx.db, workspaceId: ctx.workspace.id, kind: input.kind, now: () => ctx.services.clock.now(), effectsFor: (ws) => rt.fhirFor(ws), onFlowStarts: () => rt.notify('bulk') });
  })),

  /** What a watcher handled recently (results delivered or waiting, reminders, exported items). */
  items: viewerProcedure.input(z.object({ kind: z.enum(WATCHER_KINDS), limit: z.number().int().min(1).max(200).optional() })).query(async ({ ctx, input }) =>
    (await recentItems(ctx.db, ctx.workspace.id, input.kind, input.limit)).map((i) => ({ key: i.item_key, status: i.status, groupKey: i.group_key, flowStartId: i.flow_start_id, detail: JSON.parse(i.detail) as unknown, updatedAt: i.updated_at }))),
});

const writesRouter = router({
  /** The write-back queue: pending (with the next attempt), written, failed (with the reason). */
  list: viewerProcedure.input(z.object({ status: z.enum(['pending', 'written', 'failed']).optional(), limit: z.number().int().min(1).max(500).optional() })).query(async ({ ctx, input }) =>
    (await listWrites(ctx.db, ctx.workspace.id, input)).map((w) => ({
      id: w.id, connectionId: w.connection_id, resourceType: w.resource_type, status: w.status, attempts: w.attempts, nextAttemptAt: w.next_attempt_at,
      lastError: w.last_error, resultId: w.result_id, source: w.source, createdAt: w.created_at, writtenAt: w.written_at,
    }))),

  /** Puts a failed write back in the queue and tries it at once. */
  retry: adminProcedure.input(z.object({ id })).mutation(({ ctx, input }) => withFhirErrors(async () => {
    try {
      await requeueWrite(ctx.db, ctx.workspace.id, input.id, ctx.services.clock.now());
    } catch (err) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: (err as Error).message });
    }
    const summary = await new FhirEffects({ db: ctx.db, workspaceId: ctx.workspace.id }).retryDue(10);
    return summary;
  })),
});

export const fhirRouter = router({
  connections: connectionsRouter,
  sync: syncRouter,
  watchers: watchersRouter,
  writes: writesRouter,
});
