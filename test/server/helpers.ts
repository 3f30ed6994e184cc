/**
 * Shared set-up for server tests: a real SQLite file in a temp dir (or PostgreSQL, see useTestDatabase), two workspaces with one user per role,
 * tRPC callers acting as any of them, and a small flow checker standing in for the runtime's readFlow.
 *
 * Example:
 *   const env = await createTestEnv();
 *   const editor = env.caller('A', 'editor');
 *   await editor.flows.create({ name: 'Registration' });
 *   await env.close();
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Database, Role } from '../../server/db/schema.js';
import { openDatabase } from '../../server/db/open.js';
import { isPostgres } from '../../server/db/dialect.js';
import { isoNow, newId } from '../../server/db/ids.js';
import { createUserWithMembership } from '../../server/auth/users.js';
import { LoginRateLimiter } from '../../server/auth/login-rate-limiter.js';
import { DEFAULT_SESSION_POLICY } from '../../server/auth/login-sessions.js';
import { createApiContext, type ServerServices } from '../../server/api/context.js';
import type { RequestAuth } from '../../server/auth/request-auth.js';
import { appRouter } from '../../server/api/router.js';
import { FlowStore } from '../../server/flows/flow-store.js';
import { FlowEvents } from '../../server/flows/flow-events.js';
import { importWithReadFlow, type FlowReadResult, type FlowTools } from '../../server/flows/flow-tools.js';
import type { FlowIssue } from '../../runtime/definition/issues.js';
import type { Flow } from '../../runtime/definition/types.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/server');
export const PASSWORD = 'correct-horse-battery';

export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) as Record<string, unknown>;
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kiunga-server-test-'));
}

/**
 * A deliberately small flow checker for server tests (the runtime's readFlow is tested by its own team):
 * a flow needs a uuid, a name and a list of nodes; node uuids must be unique; exits must point at existing nodes.
 */
export function checkFlow(json: unknown): FlowReadResult {
  const issues: FlowIssue[] = [];
  const flow = json as Partial<Flow> | null;
  if (!flow || typeof flow !== 'object' || typeof flow.uuid !== 'string' || typeof flow.name !== 'string' || !Array.isArray(flow.nodes)) {
    return { flow: null, issues: [{ severity: 'error', code: 'not_a_flow', path: '', message: 'flow: needs uuid, name and nodes' }] };
  }
  const nodeUuids = new Set<string>();
  flow.nodes.forEach((node, i) => {
    if (nodeUuids.has(node.uuid)) issues.push({ severity: 'error', code: 'duplicate_uuid', path: `nodes[${i}]`, nodeUuid: node.uuid, message: `nodes[${i}]: duplicate uuid` });
    nodeUuids.add(node.uuid);
  });
  flow.nodes.forEach((node, i) => {
    (node.exits ?? []).forEach((exit, j) => {
      if (exit.destination_uuid && !nodeUuids.has(exit.destination_uuid)) {
        issues.push({ severity: 'error', code: 'invalid_exit_destination', path: `nodes[${i}].exits[${j}]`, nodeUuid: node.uuid, message: `nodes[${i}].exits[${j}]: destination ${exit.destination_uuid} is not a node of this flow` });
      }
    });
  });
  return { flow: { ...flow, spec_version: '14.4.2' } as Flow, issues };
}

export const testFlowTools: FlowTools = {
  readFlow: checkFlow,
  importFile: (json) => importWithReadFlow(json, checkFlow),
};

export type WorkspaceKey = 'A' | 'B';

export interface TestEnv {
  dir: string;
  db: Kysely<Database>;
  services: ServerServices;
  workspaces: Record<WorkspaceKey, string>;
  users: Record<WorkspaceKey, Record<Role, string>>;
  authFor(ws: WorkspaceKey, role: Role): Promise<RequestAuth>;
  caller(ws: WorkspaceKey, role: Role): ReturnType<typeof appRouter.createCaller>;
  anonymous(): ReturnType<typeof appRouter.createCaller>;
  close(): Promise<void>;
}

export function makeServices(db: Kysely<Database>, tools: FlowTools | null = testFlowTools): ServerServices {
  const flowEvents = new FlowEvents();
  return {
    clock: { now: () => new Date() },
    ids: { uuid: () => newId() },
    loginLimiter: new LoginRateLimiter(),
    sessionPolicy: DEFAULT_SESSION_POLICY,
    secureCookies: false,
    flows: new FlowStore(db, tools, flowEvents),
    flowEvents,
  };
}

export async function insertWorkspace(db: Kysely<Database>, name: string): Promise<string> {
  const id = newId();
  const now = isoNow();
  await db.insertInto('workspaces').values({
    id, name, timezone: 'Africa/Nairobi', default_country: 'KE', languages: '["eng","swa"]', quiet_hours: null,
    opt_out_words: '["stop"]', created_at: now, updated_at: now,
  }).execute();
  return id;
}

/** A migrated database for one test env and how to throw it away. Example: `{ db, dispose: () => db.destroy() }`. */
export interface TestDatabase {
  db: Kysely<Database>;
  dispose(): Promise<void>;
}

/** Makes the database of a test env; `dir` is the env's temp dir. */
export type TestDatabaseFactory = (dir: string) => Promise<TestDatabase>;

const sqliteTestDatabase: TestDatabaseFactory = async (dir) => {
  const db = await openDatabase({ file: path.join(dir, 'test.sqlite') });
  return { db, dispose: () => db.destroy() };
};

let testDatabase: TestDatabaseFactory = sqliteTestDatabase;

/**
 * Makes every later `createTestEnv` of this test file use `factory` instead of a SQLite file
 * (test/postgres runs these same suites on PostgreSQL this way).
 */
export function useTestDatabase(factory: TestDatabaseFactory): void {
  testDatabase = factory;
}

/**
 * Makes the database refuse inserts into `table` whose `column` equals `value` (a trigger raising `message`),
 * on SQLite and PostgreSQL alike: for tests of transaction rollback.
 */
export async function refuseInserts(db: Kysely<Database>, table: string, column: string, value: string, message: string): Promise<void> {
  if (!/^[a-z_]+$/.test(table) || !/^[a-z_]+$/.test(column)) throw new Error(`refuseInserts: "${table}.${column}" is not a plain table/column name`);
  const name = sql.id(`refuse_${table}_${column}`);
  if (isPostgres(db)) {
    await sql`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS ${sql.lit(
      `BEGIN IF NEW.${column} = ${quote(value)} THEN RAISE EXCEPTION ${quote(message)}; END IF; RETURN NEW; END`)}`.execute(db);
    await sql`CREATE TRIGGER ${name} BEFORE INSERT ON ${sql.table(table)} FOR EACH ROW EXECUTE FUNCTION ${name}()`.execute(db);
  } else {
    await sql`CREATE TRIGGER ${name} BEFORE INSERT ON ${sql.table(table)} WHEN NEW.${sql.id(column)} = ${sql.lit(value)}
              BEGIN SELECT RAISE(ABORT, ${sql.lit(message)}); END`.execute(db);
  }
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

export async function createTestEnv(tools: FlowTools | null = testFlowTools): Promise<TestEnv> {
  const dir = tempDir();
  const { db, dispose } = await testDatabase(dir);
  const services = makeServices(db, tools);
  const workspaces = { A: await insertWorkspace(db, 'Ministry A'), B: await insertWorkspace(db, 'Ministry B') };
  const users = { A: {} as Record<Role, string>, B: {} as Record<Role, string> };
  for (const ws of ['A', 'B'] as const) {
    for (const role of ['admin', 'editor', 'viewer'] as const) {
      const user = await createUserWithMembership(db, { email: `${role}@${ws.toLowerCase()}.example.org`, name: `${role} ${ws}`, password: PASSWORD, workspaceId: workspaces[ws], role, now: new Date() });
      users[ws][role] = user.id;
    }
  }
  async function authFor(ws: WorkspaceKey, role: Role): Promise<RequestAuth> {
    const workspace = await db.selectFrom('workspaces').selectAll().where('id', '=', workspaces[ws]).executeTakeFirstOrThrow();
    const user = await db.selectFrom('users').select(['id', 'email', 'name']).where('id', '=', users[ws][role]).executeTakeFirstOrThrow();
    return { kind: 'session', user, workspace, role, loginSessionId: null, apiTokenId: null };
  }
  // Auth is resolved per call so role/workspace changes made during a test are seen, like over HTTP.
  const workspaceRows = new Map<WorkspaceKey, RequestAuth>();
  for (const ws of ['A', 'B'] as const) workspaceRows.set(ws, await authFor(ws, 'viewer'));
  return {
    dir, db, services, workspaces, users, authFor,
    caller: (ws, role) => {
      const base = workspaceRows.get(ws)!;
      const auth: RequestAuth = { ...base, user: { ...base.user!, id: users[ws][role], email: `${role}@${ws.toLowerCase()}.example.org`, name: `${role} ${ws}` }, role };
      return appRouter.createCaller(createApiContext({ db, services, auth }));
    },
    anonymous: () => appRouter.createCaller(createApiContext({ db, services, auth: null })),
    close: async () => {
      await dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The tRPC error code a promise rejects with, or "OK" when it resolves. */
export async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? code : `THROWN: ${(error as Error).message}`;
  }
}
