/**
 * Building blocks of authentication: password hashing, the login rate limiter, cookies, session expiry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../server/auth/passwords.js';
import { LoginRateLimiter } from '../../server/auth/login-rate-limiter.js';
import { parseCookies, serializeSessionCookie } from '../../server/auth/cookies.js';
import { createLoginSession, findLoginSession } from '../../server/auth/login-sessions.js';
import { resolveRequestAuth } from '../../server/auth/request-auth.js';
import { roleAtLeast } from '../../server/auth/roles.js';
import { createTestEnv, type TestEnv } from './helpers.js';

describe('passwords', () => {
  it('hashes with a per-user salt and verifies only the right password', async () => {
    const a = await hashPassword('same password here');
    const b = await hashPassword('same password here');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('same password here', a)).toBe(true);
    expect(await verifyPassword('same password herE', a)).toBe(false);
    expect(await verifyPassword('anything', 'not-a-hash')).toBe(false);
    expect(await verifyPassword('anything', 'scrypt$99999999$8$1$c2FsdA==$aGFzaA==')).toBe(false);
  });
});

describe('login rate limiter', () => {
  it('blocks after 5 failures per IP+email within 15 minutes, and forgets them after the window', () => {
    const limiter = new LoginRateLimiter();
    const t0 = 1_000_000;
    for (let i = 0; i < 4; i++) limiter.recordFailure('10.0.0.1', 'a@x.org', t0 + i);
    expect(limiter.retryAfterMs('10.0.0.1', 'a@x.org', t0 + 10)).toBe(0);
    limiter.recordFailure('10.0.0.1', 'A@X.org ', t0 + 5);
    expect(limiter.retryAfterMs('10.0.0.1', 'a@x.org', t0 + 10)).toBeGreaterThan(14 * 60_000);
    expect(limiter.retryAfterMs('10.0.0.2', 'a@x.org', t0 + 10)).toBe(0);
    expect(limiter.retryAfterMs('10.0.0.1', 'b@x.org', t0 + 10)).toBe(0);
    expect(limiter.retryAfterMs('10.0.0.1', 'a@x.org', t0 + 15 * 60_000 + 1)).toBe(0);
  });

  it('blocks an IP spraying many emails, and a success clears the account counter', () => {
    const limiter = new LoginRateLimiter({ maxFailuresPerIp: 10 });
    for (let i = 0; i < 10; i++) limiter.recordFailure('10.0.0.9', `user${i}@x.org`, i);
    expect(limiter.retryAfterMs('10.0.0.9', 'new@x.org', 20)).toBeGreaterThan(0);
    const other = new LoginRateLimiter();
    for (let i = 0; i < 5; i++) other.recordFailure('1.1.1.1', 'a@x.org', i);
    other.recordSuccess('1.1.1.1', 'a@x.org');
    expect(other.retryAfterMs('1.1.1.1', 'a@x.org', 10)).toBe(0);
  });

  it('bounds its memory', () => {
    const limiter = new LoginRateLimiter({ maxKeys: 100 });
    for (let i = 0; i < 1000; i++) limiter.recordFailure(`10.0.${i >> 8}.${i & 255}`, `u${i}@x.org`, i);
    expect((limiter as unknown as { failures: Map<string, number[]> }).failures.size).toBeLessThanOrEqual(100);
  });
});

describe('cookies and roles', () => {
  it('parses and writes the session cookie', () => {
    expect(parseCookies('a=1; kiunga_session=abc%3D; b="q"').get('kiunga_session')).toBe('abc=');
    expect(serializeSessionCookie('t', { maxAgeSeconds: 60, secure: true })).toBe('kiunga_session=t; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure');
  });
  it('orders roles admin > editor > viewer', () => {
    expect(roleAtLeast('admin', 'editor')).toBe(true);
    expect(roleAtLeast('editor', 'admin')).toBe(false);
    expect(roleAtLeast('owner', 'viewer')).toBe(false);
    expect(roleAtLeast(null, 'viewer')).toBe(false);
  });
});

describe('login sessions', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(async () => {
    await env.close();
  });
  const policy = { idleMs: 60 * 60_000, maxAgeMs: 3 * 60 * 60_000 };

  it('expire after the idle time, slide while used, and stop at the maximum age', async () => {
    const t0 = new Date('2026-01-01T08:00:00Z');
    const { token } = await createLoginSession(env.db, { userId: env.users.A.editor, workspaceId: env.workspaces.A, now: t0, policy });
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    expect(await findLoginSession(env.db, token, at(50), policy)).not.toBeNull();
    expect(await findLoginSession(env.db, token, at(100), policy)).not.toBeNull(); // slid to 50+60
    expect(await findLoginSession(env.db, token, at(150), policy)).not.toBeNull();
    expect(await findLoginSession(env.db, token, at(181), policy)).toBeNull(); // past the 3 h maximum
    expect(await env.db.selectFrom('login_sessions').select('id').execute()).toEqual([]);
  });

  it('stops resolving when the user is disabled or removed from the workspace, and sees role changes at once', async () => {
    const now = new Date();
    const { token } = await createLoginSession(env.db, { userId: env.users.A.viewer, workspaceId: env.workspaces.A, now, policy });
    const cookieHeader = `kiunga_session=${token}`;
    expect((await resolveRequestAuth(env.db, { cookieHeader, now, policy }))?.role).toBe('viewer');
    await env.caller('A', 'admin').users.setRole({ userId: env.users.A.viewer, role: 'editor' });
    expect((await resolveRequestAuth(env.db, { cookieHeader, now, policy }))?.role).toBe('editor');
    await env.db.updateTable('users').set({ disabled: 1 }).where('id', '=', env.users.A.viewer).execute();
    expect(await resolveRequestAuth(env.db, { cookieHeader, now, policy })).toBeNull();
  });
});
