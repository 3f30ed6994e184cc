/**
 * A messaging env (real SQLite, loopback channel, real engine, webhooks over HTTP) plus tRPC callers acting
 * as an admin or a viewer of its workspace, and a FHIR dev server: the set-up of the FHIR API tests.
 *
 * Example:
 *   const t = await createFhirApiEnv();
 *   const c = await t.admin.fhir.connections.create({ name: 'dev', baseUrl: t.fhirUrl, settings: { defaultCountry: 'CM' } });
 *   await t.close();
 */
import type { Role } from '../../server/db/schema.js';
import { createUserWithMembership } from '../../server/auth/users.js';
import { createApiContext } from '../../server/api/context.js';
import type { RequestAuth } from '../../server/auth/request-auth.js';
import { appRouter } from '../../server/api/router.js';
import { idleFhirSyncs } from '../../server/api/routers/fhir.js';
import { startFhirDevServer, type FhirDevServer, type FhirDevServerOptions } from '../../server/dev/fhir-dev-server.js';
import { createMessagingEnv, type MessagingEnv } from '../messaging/harness.js';
import { makeServices, PASSWORD } from '../server/helpers.js';

export type Caller = ReturnType<typeof appRouter.createCaller>;

export interface FhirApiEnv {
  env: MessagingEnv;
  server: FhirDevServer;
  fhirUrl: string;
  admin: Caller;
  viewer: Caller;
  editor: Caller;
  /** Polls `sync.status` until the run is no longer running. */
  waitForSync(runId: string): Promise<Awaited<ReturnType<Caller['fhir']['sync']['status']>>>;
  close(): Promise<void>;
}

export async function createFhirApiEnv(options: { fhir?: FhirDevServerOptions } = {}): Promise<FhirApiEnv> {
  const server = await startFhirDevServer({ port: 0, ...options.fhir });
  const env = await createMessagingEnv({ timezone: 'Africa/Douala' });
  const services = makeServices(env.db);
  services.clock = { now: () => env.clock.now() };
  const workspace = await env.db.selectFrom('workspaces').selectAll().where('id', '=', env.workspaceId).executeTakeFirstOrThrow();
  const callers = {} as Record<Role, Caller>;
  for (const role of ['admin', 'editor', 'viewer'] as const) {
    const user = await createUserWithMembership(env.db, { email: `${role}@fhir.example.org`, name: `${role}`, password: PASSWORD, workspaceId: env.workspaceId, role, now: new Date() });
    const auth: RequestAuth = { kind: 'session', user: { id: user.id, email: user.email, name: role }, workspace, role, loginSessionId: null, apiTokenId: null };
    callers[role] = appRouter.createCaller(createApiContext({ db: env.db, services, auth }));
  }
  const api: FhirApiEnv = {
    env,
    server,
    fhirUrl: server.url,
    admin: callers.admin,
    editor: callers.editor,
    viewer: callers.viewer,
    async waitForSync(runId) {
      await idleFhirSyncs();
      const run = await callers.viewer.fhir.sync.status({ runId });
      if (run.status === 'running') throw new Error(`sync ${runId} is still running after its promise settled`);
      return run;
    },
    async close() {
      await idleFhirSyncs();
      await env.close();
      await api.server.close().catch(() => undefined);
    },
  };
  return api;
}
