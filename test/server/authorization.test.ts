/**
 * Every procedure is authorized: anonymous callers are refused everywhere except login/logout/me, each
 * procedure refuses roles below its minimum, and data of another workspace is invisible.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../server/db/schema.js';
import { appRouter } from '../../server/api/router.js';
import { createTestEnv, fixture, outcome, type TestEnv } from './helpers.js';

/** Minimum role per procedure of the core routers. A new procedure must be added here (checked below). */
const MINIMUM_ROLE: Record<string, Role | 'public'> = {
  'auth.login': 'public', 'auth.logout': 'public', 'auth.me': 'public',
  'auth.changePassword': 'viewer', 'auth.switchWorkspace': 'viewer',
  'users.list': 'admin', 'users.create': 'admin', 'users.setRole': 'admin', 'users.setDisabled': 'admin', 'users.resetPassword': 'admin',
  'workspace.get': 'viewer', 'workspace.update': 'admin',
  'flows.list': 'viewer', 'flows.get': 'viewer', 'flows.revisions': 'viewer', 'flows.getRevision': 'viewer', 'flows.export': 'viewer',
  'flows.create': 'editor', 'flows.saveDraft': 'editor', 'flows.publish': 'editor', 'flows.restoreRevision': 'editor',
  'flows.duplicate': 'editor', 'flows.archive': 'editor', 'flows.unarchive': 'editor', 'flows.import': 'editor',
  'contacts.list': 'viewer', 'contacts.get': 'viewer', 'contacts.create': 'editor', 'contacts.update': 'editor', 'contacts.delete': 'editor',
  'groups.list': 'viewer', 'groups.create': 'editor', 'groups.update': 'editor', 'groups.delete': 'editor', 'groups.addMembers': 'editor', 'groups.removeMembers': 'editor',
  'apiTokens.create': 'admin', 'apiTokens.list': 'admin', 'apiTokens.revoke': 'admin',
};
const CORE_PREFIXES = ['auth.', 'users.', 'workspace.', 'flows.', 'contacts.', 'groups.', 'apiTokens.'];
const RANK: Record<Role, number> = { viewer: 1, editor: 2, admin: 3 };

const procedures = appRouter._def.procedures as Record<string, unknown>;
const allPaths = Object.keys(procedures);

type AnyFn = (input?: unknown) => Promise<unknown>;
function procedureOf(caller: unknown, path: string): AnyFn {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as AnyFn;
}

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

describe('authorization of every procedure', () => {
  it('classifies every core procedure', () => {
    const core = allPaths.filter((p) => CORE_PREFIXES.some((prefix) => p.startsWith(prefix)));
    expect(core.sort()).toEqual(Object.keys(MINIMUM_ROLE).sort());
  });

  it.each(allPaths.filter((p) => MINIMUM_ROLE[p] !== 'public'))('%s refuses anonymous callers', async (path) => {
    expect(await outcome(procedureOf(env.anonymous(), path)({}))).toBe('UNAUTHORIZED');
  });

  const cases = Object.entries(MINIMUM_ROLE).filter(([, min]) => min !== 'public')
    .flatMap(([path, min]) => (['viewer', 'editor', 'admin'] as const).map((role) => [path, role, min as Role] as const));
  it.each(cases)('%s as %s (minimum %s)', async (path, role, min) => {
    // Deliberately invalid/empty input: the role check must come first, so a refused role never reaches validation.
    const result = await outcome(procedureOf(env.caller('A', role), path)({ id: 'missing', userId: 'missing' }));
    if (RANK[role] < RANK[min]) expect(result).toBe('FORBIDDEN');
    else expect(['FORBIDDEN', 'UNAUTHORIZED']).not.toContain(result);
  });

  it('API tokens cannot use user-only procedures (password change)', async () => {
    const { createApiContext } = await import('../../server/api/context.js');
    const auth = await env.authFor('A', 'admin');
    const caller = appRouter.createCaller(createApiContext({ db: env.db, services: env.services, auth: { ...auth, kind: 'api_token', user: null, apiTokenId: 'x' } }));
    expect(await outcome(caller.auth.changePassword({ currentPassword: 'a', newPassword: 'bbbbbbbbbbbb' }))).toBe('FORBIDDEN');
    expect(await outcome(caller.flows.list())).toBe('OK');
  });
});

describe('workspace isolation', () => {
  it('hides another workspace\'s flows, contacts and groups', async () => {
    const editorB = env.caller('B', 'editor');
    const { flow } = await editorB.flows.create({ name: 'Secret B flow' });
    await editorB.flows.saveDraft({ id: flow.id, definition: { ...fixture('registration-flow.json'), uuid: flow.uuid } });
    const contactB = await editorB.contacts.create({ name: 'B person', urns: ['tel:+254711000001'] });
    const groupB = await editorB.groups.create({ name: 'B group' });

    const adminA = env.caller('A', 'admin');
    expect((await adminA.flows.list()).items.map((f) => f.id)).not.toContain(flow.id);
    expect(await outcome(adminA.flows.get({ id: flow.id }))).toBe('NOT_FOUND');
    expect(await outcome(adminA.flows.publish({ id: flow.id }))).toBe('NOT_FOUND');
    expect(await outcome(adminA.flows.revisions({ id: flow.id }))).toBe('NOT_FOUND');
    expect(await outcome(adminA.flows.saveDraft({ id: flow.id, definition: { nodes: [] } }))).toBe('NOT_FOUND');
    expect(await outcome(adminA.flows.export({ ids: [flow.id] }))).toBe('NOT_FOUND');
    expect(await outcome(adminA.contacts.get({ id: contactB.id }))).toBe('NOT_FOUND');
    expect(await outcome(adminA.contacts.delete({ id: contactB.id }))).toBe('NOT_FOUND');
    expect((await adminA.contacts.list({ search: 'B person' })).total).toBe(0);
    expect((await adminA.groups.list()).map((g) => g.id)).not.toContain(groupB.id);
    const groupA = await adminA.groups.create({ name: 'A group' });
    expect(await outcome(adminA.groups.addMembers({ groupId: groupA.id, contactIds: [contactB.id] }))).toBe('NOT_FOUND');
    expect(await outcome(adminA.users.setRole({ userId: env.users.B.viewer, role: 'admin' }))).toBe('NOT_FOUND');
    // The same URN may exist in both workspaces: they are separate address books.
    await expect(adminA.contacts.create({ name: 'A person', urns: ['tel:+254711000001'] })).resolves.toMatchObject({ urns: ['tel:+254711000001'] });
    // B's flow is untouched.
    expect((await editorB.flows.revisions({ id: flow.id })).length).toBe(2);
  });

  it('an API token of workspace B cannot revoke or list workspace A tokens', async () => {
    const created = await env.caller('A', 'admin').apiTokens.create({ name: 'A script', role: 'viewer' });
    expect(await outcome(env.caller('B', 'admin').apiTokens.revoke({ id: created.id }))).toBe('NOT_FOUND');
    expect((await env.caller('B', 'admin').apiTokens.list()).map((t) => t.id)).not.toContain(created.id);
  });
});

describe('audit of other routers\' mutations', () => {
  it('records listed mutations (broadcasts, starts, channels) after success only, without channel secrets', async () => {
    const { router, editorProcedure, adminProcedure } = await import('../../server/api/trpc.js');
    const { createApiContext } = await import('../../server/api/context.js');
    const { z } = await import('zod');
    // A stand-in router at the same paths as the messaging team's procedures.
    const testRouter = router({
      messaging: router({
        broadcasts: router({ create: editorProcedure.input(z.object({ text: z.string() })).mutation(() => ({ id: 'b-1' })) }),
        starts: router({ create: editorProcedure.input(z.object({ flowId: z.string() })).mutation(() => { throw new Error('refused'); }) }),
        channels: router({ create: adminProcedure.input(z.object({ name: z.string(), config: z.record(z.string(), z.string()) })).mutation(() => ({ channel: { id: 'c-1' } })) }),
      }),
    });
    const auth = await env.authFor('A', 'admin');
    const caller = testRouter.createCaller(createApiContext({ db: env.db, services: env.services, auth }));
    await caller.messaging.broadcasts.create({ text: 'Vaccination day on Monday' });
    await expect(caller.messaging.starts.create({ flowId: 'f' })).rejects.toThrow('refused');
    await caller.messaging.channels.create({ name: 'SMS', config: { api_key: 'secret-key-123' } });
    const rows = await env.db.selectFrom('audit_log').select(['action', 'target', 'detail', 'user_id'])
      .where('action', 'in', ['broadcast.create', 'flow_start.create', 'channel.create']).orderBy('id').execute();
    expect(rows.map((r) => [r.action, r.target, r.user_id])).toEqual([
      ['broadcast.create', 'broadcast:b-1', env.users.A.admin],
      ['channel.create', 'channel:c-1', env.users.A.admin],
    ]);
    expect(JSON.parse(rows[0].detail)).toEqual({ via: 'session', input: { text: 'Vaccination day on Monday' } });
    expect(rows[1].detail).not.toContain('secret-key-123');
  });
});
