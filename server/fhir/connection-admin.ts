/**
 * Managing a workspace's FHIR connections: create, update, delete, list (secrets never leave the server),
 * their sync settings (schedule, scopes, default country) and "test connection".
 *
 *   const c = await createConnection(db, ws, { name: 'iHRIS', baseUrl: 'https://ihris.example.org/fhir',
 *     auth: { type: 'basic', username: 'kiunga', password: 's3cret' }, settings: { syncIntervalMinutes: 360 } });
 *   await testConnection(clientForConnection(row))   // { ok: true, fhirVersion: '4.0.1', software: 'HAPI FHIR 7.2', … }
 *   await listConnections(db, ws)                     // [{ id, name, baseUrl, auth: { type: 'basic', username: 'kiunga', hasSecret: true }, … }]
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { isoNow, newId } from '../db/ids.js';
import type { Database, FhirConnectionsTable } from '../db/schema.js';
import type { FhirConnectionSettingsTable } from '../db/schema-fhir-watch.js';
import { fhirAuthSchema, parseFhirAuth, type FhirAuth } from './auth.js';
import { FhirRequestError, type FhirClient } from './client.js';
import { assertCountry } from './phone.js';

/** A connection as the API shows it: the auth's type and non-secret parts only. */
export interface ConnectionView {
  id: string;
  name: string;
  baseUrl: string;
  auth: { type: FhirAuth['type']; username?: string; tokenUrl?: string; clientId?: string; scope?: string; hasSecret: boolean };
  settings: ConnectionSettingsView;
  createdAt: string;
  updatedAt: string;
}

/** Example: `{ syncIntervalMinutes: 360, syncRegistry: true, syncPatients: false, defaultCountry: 'CM', nextSyncAt: '…', health: 'ok', … }`. */
export interface ConnectionSettingsView {
  syncIntervalMinutes: number | null;
  syncRegistry: boolean;
  syncPatients: boolean;
  defaultCountry: string | null;
  nextSyncAt: string | null;
  health: 'ok' | 'unreachable' | 'failing' | null;
  healthError: string | null;
  healthCheckedAt: string | null;
  failures: number;
  retryAt: string | null;
}

/**
 * Auth as a client sends it. On update, a secret left out (password, token, clientSecret) keeps the stored one
 * when the type is unchanged, so the page never needs to know the secret.
 */
export const authInputSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({ type: z.literal('basic'), username: z.string().trim().min(1, 'username is required'), password: z.string().optional() }),
  z.object({ type: z.literal('bearer'), token: z.string().min(1).optional() }),
  z.object({
    type: z.literal('oauth2_client_credentials'),
    tokenUrl: z.url('tokenUrl must be a URL'),
    clientId: z.string().trim().min(1, 'clientId is required'),
    clientSecret: z.string().min(1).optional(),
    scope: z.string().trim().optional(),
  }),
]);
export type AuthInput = z.infer<typeof authInputSchema>;

/** Sync settings a client may set. Example: `{ syncIntervalMinutes: 60, syncPatients: true, defaultCountry: 'CM' }`. */
export const settingsInputSchema = z.object({
  syncIntervalMinutes: z.number().int().min(5, 'syncIntervalMinutes: at least 5 minutes').max(7 * 24 * 60, 'syncIntervalMinutes: at most one week').nullable().optional(),
  syncRegistry: z.boolean().optional(),
  syncPatients: z.boolean().optional(),
  defaultCountry: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'defaultCountry must be a two-letter country code like CM').nullable().optional(),
});
export type SettingsInput = z.infer<typeof settingsInputSchema>;

const baseUrlSchema = z
  .string()
  .trim()
  .url('baseUrl must be a URL like https://fhir.example.org/fhir')
  .refine((u) => /^https?:\/\//i.test(u), 'baseUrl must start with http:// or https://');

export const connectionInputSchema = z.object({
  name: z.string().trim().min(1, 'name is required').max(100),
  baseUrl: baseUrlSchema,
  auth: authInputSchema.default({ type: 'none' }),
  settings: settingsInputSchema.optional(),
});
export type ConnectionInput = z.infer<typeof connectionInputSchema>;

export const connectionUpdateSchema = z.object({
  id: z.string().min(1),
  name: z.string().trim().min(1).max(100).optional(),
  baseUrl: baseUrlSchema.optional(),
  auth: authInputSchema.optional(),
  settings: settingsInputSchema.optional(),
});
export type ConnectionUpdate = z.infer<typeof connectionUpdateSchema>;

/** A refusal with a message for people (the API maps `code`). */
export class ConnectionAdminError extends Error {
  constructor(
    readonly code: 'not_found' | 'conflict' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'ConnectionAdminError';
  }
}

/** Completes client auth input into stored auth, keeping the stored secret when one is left out. */
export function resolveAuth(input: AuthInput, stored: FhirAuth | null): FhirAuth {
  const missing = (what: string) => new ConnectionAdminError('invalid', `auth.${what} is required for ${input.type} authentication`);
  switch (input.type) {
    case 'none':
      return { type: 'none' };
    case 'basic': {
      const password = input.password ?? (stored?.type === 'basic' ? stored.password : undefined);
      if (password === undefined) throw missing('password');
      return { type: 'basic', username: input.username, password };
    }
    case 'bearer': {
      const token = input.token ?? (stored?.type === 'bearer' ? stored.token : undefined);
      if (!token) throw missing('token');
      return { type: 'bearer', token };
    }
    case 'oauth2_client_credentials': {
      const clientSecret = input.clientSecret ?? (stored?.type === 'oauth2_client_credentials' ? stored.clientSecret : undefined);
      if (!clientSecret) throw missing('clientSecret');
      return fhirAuthSchema.parse({ type: input.type, tokenUrl: input.tokenUrl, clientId: input.clientId, clientSecret, ...(input.scope ? { scope: input.scope } : {}) });
    }
  }
}

function authView(auth: FhirAuth): ConnectionView['auth'] {
  switch (auth.type) {
    case 'none':
      return { type: 'none', hasSecret: false };
    case 'basic':
      return { type: 'basic', username: auth.username, hasSecret: auth.password !== '' };
    case 'bearer':
      return { type: 'bearer', hasSecret: true };
    case 'oauth2_client_credentials':
      return { type: auth.type, tokenUrl: auth.tokenUrl, clientId: auth.clientId, ...(auth.scope ? { scope: auth.scope } : {}), hasSecret: true };
  }
}

function settingsView(row: FhirConnectionSettingsTable | undefined): ConnectionSettingsView {
  return {
    syncIntervalMinutes: row?.sync_interval_minutes ?? null,
    syncRegistry: row ? row.sync_registry === 1 : true,
    syncPatients: row ? row.sync_patients === 1 : false,
    defaultCountry: row?.default_country ?? null,
    nextSyncAt: row?.next_sync_at ?? null,
    health: (row?.health as ConnectionSettingsView['health']) ?? null,
    healthError: row?.health_error ?? null,
    healthCheckedAt: row?.health_checked_at ?? null,
    failures: row?.failures ?? 0,
    retryAt: row?.retry_at ?? null,
  };
}

function view(row: FhirConnectionsTable, settings: FhirConnectionSettingsTable | undefined): ConnectionView {
  let auth: ConnectionView['auth'];
  try {
    auth = authView(parseFhirAuth(row.auth));
  } catch {
    auth = { type: 'none', hasSecret: false };
  }
  return { id: row.id, name: row.name, baseUrl: row.base_url, auth, settings: settingsView(settings), createdAt: row.created_at, updatedAt: row.updated_at };
}

/** The settings row of a connection, made with defaults when missing. */
export async function ensureSettings(db: Kysely<Database>, workspaceId: string, connectionId: string): Promise<FhirConnectionSettingsTable> {
  const existing = await db.selectFrom('fhir_connection_settings').selectAll().where('connection_id', '=', connectionId).executeTakeFirst();
  if (existing) return existing;
  const row: FhirConnectionSettingsTable = {
    connection_id: connectionId,
    workspace_id: workspaceId,
    sync_interval_minutes: null,
    sync_registry: 1,
    sync_patients: 0,
    default_country: null,
    next_sync_at: null,
    health: null,
    health_error: null,
    health_checked_at: null,
    failures: 0,
    retry_at: null,
    updated_at: isoNow(),
  };
  await db.insertInto('fhir_connection_settings').values(row).onConflict((oc) => oc.column('connection_id').doNothing()).execute();
  return (await db.selectFrom('fhir_connection_settings').selectAll().where('connection_id', '=', connectionId).executeTakeFirstOrThrow());
}

async function applySettings(db: Kysely<Database>, workspaceId: string, connectionId: string, input: SettingsInput | undefined, now: Date): Promise<void> {
  const current = await ensureSettings(db, workspaceId, connectionId);
  if (!input) return;
  if (input.defaultCountry) {
    try {
      assertCountry(input.defaultCountry);
    } catch (err) {
      throw new ConnectionAdminError('invalid', `defaultCountry: ${(err as Error).message}`);
    }
  }
  const interval = input.syncIntervalMinutes === undefined ? current.sync_interval_minutes : input.syncIntervalMinutes;
  const intervalChanged = interval !== current.sync_interval_minutes;
  await db
    .updateTable('fhir_connection_settings')
    .set({
      sync_interval_minutes: interval,
      ...(input.syncRegistry !== undefined ? { sync_registry: input.syncRegistry ? 1 : 0 } : {}),
      ...(input.syncPatients !== undefined ? { sync_patients: input.syncPatients ? 1 : 0 } : {}),
      ...(input.defaultCountry !== undefined ? { default_country: input.defaultCountry } : {}),
      // a new schedule starts counting now; no schedule means no next run
      ...(intervalChanged ? { next_sync_at: interval === null ? null : isoNow(new Date(now.getTime() + interval * 60_000)) } : {}),
      updated_at: isoNow(now),
    })
    .where('connection_id', '=', connectionId)
    .execute();
}

async function assertUniqueName(db: Kysely<Database>, workspaceId: string, name: string, exceptId?: string): Promise<void> {
  let q = db.selectFrom('fhir_connections').select('id').where('workspace_id', '=', workspaceId).where('name', '=', name);
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) throw new ConnectionAdminError('conflict', `a FHIR connection named "${name}" already exists in this workspace`);
}

export async function listConnections(db: Kysely<Database>, workspaceId: string): Promise<ConnectionView[]> {
  const rows = await db.selectFrom('fhir_connections').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at').execute();
  const settings = await db.selectFrom('fhir_connection_settings').selectAll().where('workspace_id', '=', workspaceId).execute();
  return rows.map((r) => view(r, settings.find((s) => s.connection_id === r.id)));
}

export async function getConnection(db: Kysely<Database>, workspaceId: string, id: string): Promise<{ row: FhirConnectionsTable; view: ConnectionView }> {
  const row = await db.selectFrom('fhir_connections').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  if (!row) throw new ConnectionAdminError('not_found', `FHIR connection ${id} not found in this workspace`);
  const settings = await db.selectFrom('fhir_connection_settings').selectAll().where('connection_id', '=', id).executeTakeFirst();
  return { row, view: view(row, settings) };
}

export async function createConnection(db: Kysely<Database>, workspaceId: string, input: ConnectionInput, now = new Date()): Promise<ConnectionView> {
  await assertUniqueName(db, workspaceId, input.name);
  const auth = resolveAuth(input.auth, null);
  const at = isoNow(now);
  const row: FhirConnectionsTable = { id: newId(), workspace_id: workspaceId, name: input.name, base_url: input.baseUrl.replace(/\/+$/, ''), auth: JSON.stringify(auth), created_at: at, updated_at: at };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('fhir_connections').values(row).execute();
    await applySettings(trx, workspaceId, row.id, input.settings, now);
  });
  return (await getConnection(db, workspaceId, row.id)).view;
}

export async function updateConnection(db: Kysely<Database>, workspaceId: string, input: ConnectionUpdate, now = new Date()): Promise<ConnectionView> {
  const { row } = await getConnection(db, workspaceId, input.id);
  if (input.name !== undefined) await assertUniqueName(db, workspaceId, input.name, row.id);
  let stored: FhirAuth | null = null;
  try {
    stored = parseFhirAuth(row.auth);
  } catch {
    stored = null;
  }
  const auth = input.auth ? resolveAuth(input.auth, stored) : undefined;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('fhir_connections')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.baseUrl !== undefined ? { base_url: input.baseUrl.replace(/\/+$/, '') } : {}),
        ...(auth ? { auth: JSON.stringify(auth) } : {}),
        updated_at: isoNow(now),
      })
      .where('id', '=', row.id)
      .execute();
    await applySettings(trx, workspaceId, row.id, input.settings, now);
  });
  return (await getConnection(db, workspaceId, row.id)).view;
}

/**
 * Deletes a connection with its sync state and watchers. Queued writes stay in `fhir_writeback_queue`
 * (they fail visibly on their next attempt: "connection no longer exists").
 */
export async function deleteConnection(db: Kysely<Database>, workspaceId: string, id: string): Promise<void> {
  await getConnection(db, workspaceId, id);
  await db.transaction().execute(async (trx) => {
    // delete children explicitly: SQLite enforces ON DELETE CASCADE only with foreign_keys on
    for (const table of ['fhir_connection_settings', 'fhir_sync_runs', 'fhir_watchers', 'fhir_sync_state', 'fhir_synced_records', 'fhir_synced_groups'] as const) {
      await (trx as unknown as Kysely<Record<string, { connection_id: string }>>).deleteFrom(table).where('connection_id', '=', id).execute();
    }
    await trx.deleteFrom('fhir_connections').where('id', '=', id).where('workspace_id', '=', workspaceId).execute();
  });
}

/** What "test connection" found. Example: `{ ok: true, fhirVersion: '4.0.1', software: 'Kiunga FHIR dev server', message: 'Connected: FHIR 4.0.1 (R4).' }`. */
export interface ConnectionTestResult {
  ok: boolean;
  fhirVersion: string | null;
  software: string | null;
  /** A sentence for people: what works, or what is wrong and what to check. */
  message: string;
  /** HTTP status when the server answered with an error. */
  status?: number;
  elapsedMs: number;
}

/** The reason a request failed, in plain words (used by "test connection" and by sync health). */
export function plainFailure(err: unknown, baseUrl: string): string {
  const raw = (err as Error)?.message ?? String(err);
  if (err instanceof FhirRequestError) {
    const s = err.status;
    if (s === undefined) {
      if (/timed out/.test(raw)) return `The server at ${baseUrl} did not answer in time (timeout). It may be down or overloaded.`;
      if (/ENOTFOUND|EAI_AGAIN/.test(raw)) return `The host name in ${baseUrl} cannot be found (DNS). Check the base URL.`;
      if (/ECONNREFUSED/.test(raw)) return `Nothing answers at ${baseUrl} (connection refused). The server is down or the port is wrong.`;
      if (/certificate|SSL|TLS/i.test(raw)) return `The secure connection to ${baseUrl} failed (certificate problem): ${raw}`;
      return `The server at ${baseUrl} cannot be reached: ${raw}`;
    }
    if (s === 401) return `The server refused the credentials (HTTP 401). Check the user name, password, token or client secret.`;
    if (s === 403) return `The credentials are valid but not allowed to read this server (HTTP 403). Ask its administrator for read access.`;
    if (s === 404) return `No FHIR API at ${baseUrl} (HTTP 404). Check the base URL (it usually ends in /fhir or /R4).`;
    if (s >= 500) return `The FHIR server had an internal error (HTTP ${s}). Try again later. Details: ${raw}`;
    return `The FHIR server answered HTTP ${s}: ${raw}`;
  }
  if (/OAuth2 token/.test(raw)) return `Getting an access token failed: ${raw}`;
  return raw;
}

/** Asks for the CapabilityStatement and reports the FHIR version, or the failure in plain words. */
export async function testConnection(client: Pick<FhirClient, 'capabilities' | 'baseUrl'>): Promise<ConnectionTestResult> {
  const started = Date.now();
  try {
    const cs = await client.capabilities();
    const elapsedMs = Date.now() - started;
    if ((cs as { resourceType?: string }).resourceType !== 'CapabilityStatement') {
      return { ok: false, fhirVersion: null, software: null, elapsedMs, message: `${client.baseUrl}/metadata did not return a CapabilityStatement: this does not look like a FHIR server. Check the base URL.` };
    }
    const version = cs.fhirVersion ?? null;
    const software = [cs.software?.name, cs.software?.version].filter(Boolean).join(' ') || null;
    if (!version) return { ok: true, fhirVersion: null, software, elapsedMs, message: 'Connected, but the server does not say its FHIR version; Kiunga expects FHIR R4 (4.0.x).' };
    if (!version.startsWith('4.0')) {
      return { ok: false, fhirVersion: version, software, elapsedMs, message: `Connected, but the server speaks FHIR ${version}; Kiunga needs FHIR R4 (4.0.x).` };
    }
    return { ok: true, fhirVersion: version, software, elapsedMs, message: `Connected: FHIR ${version} (R4)${software ? `, ${software}` : ''}.` };
  } catch (err) {
    return { ok: false, fhirVersion: null, software: null, elapsedMs: Date.now() - started, status: err instanceof FhirRequestError ? err.status : undefined, message: plainFailure(err, client.baseUrl) };
  }
}
