/**
 * The server's `Fhir` service (runtime/services.ts) over FhirClient: what flows read comes straight from
 * the connection; what they write goes through the durable write-back queue (server/fhir/writeback):
 * recorded first, then sent; a write the server did not take stays pending and `retryDue()` sends it again
 * with backoff. Nothing is lost and every failure is visible in `fhir_writeback_queue`.
 *
 *   const fhir = new FhirEffects({ db, workspaceId });
 *   await startSession({ assets, trigger, services: { ...services, fhir } });
 *   setInterval(() => fhir.retryDue(), 30_000);   // or from the jobs runner
 *
 * Connections are named in flows by id or name; null means the workspace's only connection.
 * The simulator does not use this class: it injects a recorder implementing `Fhir` instead.
 */
import type { Kysely } from 'kysely';
import type { Resource } from '@medplum/fhirtypes';
import type { Fhir } from '../../runtime/services.js';
import { parseFhirQuery } from '../../runtime/fhir/query.js';
import type { Database, FhirConnectionsTable } from '../db/schema.js';
import { FhirRequestError, type FhirClient } from './client.js';
import { clientForConnection } from './connections.js';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './writeback/backoff.js';
import { claimDueWrites, enqueueWrite, markAttemptFailed, markWritten } from './writeback/queue.js';
import type { FhirWritebackQueueTable, WritebackStatus } from './writeback/queue-schema.js';

/** The FhirClient calls the effects use (tests may pass a stand-in). */
export type FhirEndpoint = Pick<FhirClient, 'read' | 'searchPage' | 'create' | 'update'>;

export interface FhirEffectsOptions {
  db: Kysely<Database>;
  workspaceId: string;
  /** Client for a connection row. Default: its stored URL/auth, no in-call retries (the queue retries), 15 s timeout. */
  clientFor?: (connection: FhirConnectionsTable) => FhirEndpoint;
  now?: () => Date;
  backoff?: BackoffPolicy;
  /** Recorded on queue rows (e.g. "action:<uuid>"); `writeRunQuestionnaireResponse` passes "run:<uuid>". */
  source?: string;
}

/**
 * What happened to one write. Example: `{ status: 'queued', queueId: '019a…', resourceType: 'Observation', error: '… ECONNREFUSED …' }`,
 * `{ status: 'written', queueId, resourceType: 'QuestionnaireResponse', id: '8d1f…' }`.
 */
export interface WriteOutcome {
  status: 'written' | 'queued' | 'failed';
  queueId: string;
  resourceType: string;
  id?: string;
  error?: string;
}

/** Counts from one `retryDue` pass. Example: `{ written: 3, pending: 1, failed: 0 }`. */
export interface RetrySummary {
  written: number;
  pending: number;
  failed: number;
}

/** Network errors, timeouts, 408, 429 and 5xx may pass later; any other refusal will not. */
function isRetryable(err: unknown): boolean {
  if (err instanceof FhirRequestError) return err.status === undefined || err.status === 408 || err.status === 429 || err.status >= 500;
  return false;
}

export class FhirEffects implements Fhir {
  /** The database and workspace this service writes for (the write-back helpers query them). */
  readonly db: Kysely<Database>;
  readonly workspaceId: string;
  private readonly clientFor: (connection: FhirConnectionsTable) => FhirEndpoint;
  private readonly now: () => Date;
  private readonly backoff: BackoffPolicy;
  private readonly source: string | null;
  private readonly clients = new Map<string, FhirEndpoint>();

  constructor(options: FhirEffectsOptions) {
    this.db = options.db;
    this.workspaceId = options.workspaceId;
    this.clientFor = options.clientFor ?? ((row) => clientForConnection(row, { retries: 0, timeoutMs: 15_000 }));
    this.now = options.now ?? (() => new Date());
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.source = options.source ?? null;
  }

  /** The same service recording another source on the rows it queues. */
  withSource(source: string): FhirEffects {
    return new FhirEffects({ db: this.db, workspaceId: this.workspaceId, clientFor: this.clientFor, now: this.now, backoff: this.backoff, source });
  }

  /** The connection a flow names (id or name), or the workspace's only one for null. */
  async connection(nameOrId: string | null): Promise<FhirConnectionsTable> {
    const rows = await this.db.selectFrom('fhir_connections').selectAll().where('workspace_id', '=', this.workspaceId).orderBy('created_at').execute();
    if (nameOrId === null) {
      if (rows.length === 1) return rows[0];
      throw new Error(
        rows.length === 0
          ? 'this workspace has no FHIR connection; add one in Settings → FHIR'
          : `this workspace has ${rows.length} FHIR connections (${rows.map((r) => r.name).join(', ')}); name one in the flow`,
      );
    }
    const found = rows.find((r) => r.id === nameOrId) ?? rows.find((r) => r.name === nameOrId);
    if (!found) throw new Error(`no FHIR connection "${nameOrId}" in this workspace (have: ${rows.map((r) => r.name).join(', ') || 'none'})`);
    return found;
  }

  private client(row: FhirConnectionsTable): FhirEndpoint {
    let client = this.clients.get(row.id);
    if (!client) {
      client = this.clientFor(row);
      this.clients.set(row.id, client);
    }
    return client;
  }

  async read(connection: string | null, query: string): Promise<unknown> {
    const parsed = parseFhirQuery(query);
    const client = this.client(await this.connection(connection));
    if (parsed.kind === 'read') return client.read(parsed.resourceType as Resource['resourceType'], parsed.id);
    return client.searchPage(parsed.resourceType as Resource['resourceType'], parsed.params);
  }

  /**
   * Records the resource in the queue and sends it. Written → its id; the server unreachable or busy →
   * `queued: true` (the caller's run goes on; `retryDue` sends it later); refused (4xx) → throws, and the
   * row stays as `failed` with the server's reason.
   */
  async write(connection: string | null, resource: Record<string, unknown>): Promise<{ id: string; resourceType: string; queued?: boolean; queueId: string }> {
    const outcome = await this.submit(connection, resource);
    if (outcome.status === 'failed') throw new Error(`${outcome.error} (kept as failed write ${outcome.queueId})`);
    return { id: outcome.id ?? '', resourceType: outcome.resourceType, queueId: outcome.queueId, ...(outcome.status === 'queued' ? { queued: true } : {}) };
  }

  /** Like `write`, reporting a refusal in the outcome instead of throwing. */
  async submit(connection: string | null, resource: Record<string, unknown>): Promise<WriteOutcome> {
    const row = await this.connection(connection);
    const queued = await enqueueWrite(this.db, { workspaceId: this.workspaceId, connectionId: row.id, resource, source: this.source }, this.now());
    return this.attempt(queued, row);
  }

  private async attempt(queued: FhirWritebackQueueTable, connection: FhirConnectionsTable): Promise<WriteOutcome> {
    const resource = JSON.parse(queued.resource) as Resource;
    const base = { queueId: queued.id, resourceType: queued.resource_type };
    try {
      const client = this.client(connection);
      const saved = resource.id ? await client.update(resource) : await client.create(resource, queued.if_none_exist ?? undefined);
      const id = saved.id ?? '';
      await markWritten(this.db, queued.id, id, this.now());
      return { ...base, status: 'written', id };
    } catch (err) {
      const message = (err as Error).message;
      const { status } = await markAttemptFailed(this.db, queued, message, isRetryable(err), this.backoff, this.now());
      return { ...base, status: status === 'pending' ? 'queued' : ('failed' satisfies WritebackStatus), error: message };
    }
  }

  /** Sends the workspace's due pending writes once (oldest first). Call it periodically. */
  async retryDue(limit = 100): Promise<RetrySummary> {
    const rows = await claimDueWrites(this.db, this.workspaceId, this.now(), limit);
    const summary: RetrySummary = { written: 0, pending: 0, failed: 0 };
    const connections = new Map<string, FhirConnectionsTable | null>();
    for (const row of rows) {
      if (!connections.has(row.connection_id)) {
        connections.set(row.connection_id, (await this.db.selectFrom('fhir_connections').selectAll().where('id', '=', row.connection_id).executeTakeFirst()) ?? null);
      }
      const connection = connections.get(row.connection_id);
      if (!connection) {
        await markAttemptFailed(this.db, row, `FHIR connection ${row.connection_id} no longer exists`, false, this.backoff, this.now());
        summary.failed++;
        continue;
      }
      const outcome = await this.attempt(row, connection);
      summary[outcome.status === 'written' ? 'written' : outcome.status === 'queued' ? 'pending' : 'failed']++;
    }
    return summary;
  }
}
