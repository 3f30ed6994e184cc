/**
 * The real server over real HTTP, on a real SQLite file in a temp dir: first-start admin, login cookies,
 * rate limiting, logout, CSRF, body limits, malformed JSON, security headers, API tokens, webhooks, the web UI.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type KiungaServer } from '../../server/main.js';
import { loadConfig } from '../../server/config.js';
import { WebhookRegistry } from '../../server/http/webhooks.js';
import { tempDir, testFlowTools } from './helpers.js';

let dir: string;
let server: KiungaServer;
let webhooks: WebhookRegistry;
let adminPassword: string;
const logs: string[] = [];

function config(extra: Record<string, string> = {}) {
  return loadConfig({ DATA_DIR: dir, PORT: '0', FHIR_DEV_SERVER: '0', WORKERS: '0', WEB_ROOT: path.join(dir, 'web'), ...extra }, dir);
}

beforeAll(async () => {
  dir = tempDir();
  fs.mkdirSync(path.join(dir, 'web', 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'web', 'index.html'), '<!doctype html><title>Kiunga</title>');
  fs.writeFileSync(path.join(dir, 'web', 'assets', 'app-1a2b3c.js'), 'console.log("hi")');
  webhooks = new WebhookRegistry();
  server = await createServer(config(), { flowTools: testFlowTools, webhooks, log: (t) => logs.push(t) });
  const file = fs.readFileSync(path.join(dir, 'initial-admin.txt'), 'utf8');
  adminPassword = /password: (\S+)/.exec(file)![1];
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface CallOptions { cookie?: string; bearer?: string; csrf?: boolean; body?: string; ip?: string; origin?: string }

async function call(method: 'GET' | 'POST', procedure: string, input: unknown, options: CallOptions = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.cookie) headers.cookie = options.cookie;
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
  if (options.csrf !== false) headers['x-kiunga-csrf'] = '1';
  if (options.origin) headers.origin = options.origin;
  let url = `${server.url}/trpc/${procedure}`;
  if (method === 'GET' && input !== undefined) url += `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await fetch(url, { method, headers, body: method === 'POST' ? (options.body ?? JSON.stringify(input)) : undefined });
  const json = (await response.json()) as { result?: { data: unknown }; error?: { message: string; data: { code: string; httpStatus: number } } };
  return { status: response.status, json, headers: response.headers };
}

function sessionCookie(setCookie: string | null): string {
  return setCookie!.split(';')[0];
}

describe('first start', () => {
  it('created the workspace and admin once, printed the password once, and saved it with mode 0600', async () => {
    const file = path.join(dir, 'initial-admin.txt');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(logs.join('\n')).toContain(adminPassword);
    expect(server.initialAdmin).toMatchObject({ email: 'admin@kiunga.local', passwordGenerated: true });
    const workspaces = await server.db.selectFrom('workspaces').select('name').execute();
    expect(workspaces).toEqual([{ name: 'Ministry of Health' }]);
    const stored = await server.db.selectFrom('users').select('password_hash').executeTakeFirstOrThrow();
    expect(stored.password_hash).not.toContain(adminPassword);
    expect(stored.password_hash).toMatch(/^scrypt\$/);
  });

  it('does not create a second admin on the next start (same data dir)', async () => {
    const otherLogs: string[] = [];
    const second = await createServer(config(), { flowTools: testFlowTools, webhooks: new WebhookRegistry(), log: (t) => otherLogs.push(t) });
    try {
      expect(second.initialAdmin).toBeNull();
      expect(otherLogs.join('\n')).not.toContain('password');
      expect(await second.db.selectFrom('users').select('id').execute()).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('uses ADMIN_EMAIL / ADMIN_PASSWORD when given, and writes no password file', async () => {
    const otherDir = tempDir();
    const s = await createServer(loadConfig({ DATA_DIR: otherDir, PORT: '0', FHIR_DEV_SERVER: '0', WORKERS: '0', ADMIN_EMAIL: 'Boss@MoH.example.org', ADMIN_PASSWORD: 'a-long-enough-password' }, otherDir),
      { flowTools: testFlowTools, webhooks: new WebhookRegistry(), log: () => {} });
    try {
      expect(s.initialAdmin).toMatchObject({ email: 'boss@moh.example.org', passwordGenerated: false });
      expect(fs.existsSync(path.join(otherDir, 'initial-admin.txt'))).toBe(false);
      const login = await fetch(`${s.url}/trpc/auth.login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-kiunga-csrf': '1' }, body: JSON.stringify({ email: 'boss@moh.example.org', password: 'a-long-enough-password' }) });
      expect(login.status).toBe(200);
    } finally {
      await s.close();
      fs.rmSync(otherDir, { recursive: true, force: true });
    }
  });
});

describe('login, session, logout', () => {
  it('logs in with an HttpOnly SameSite=Lax cookie, then logout ends the session', async () => {
    const login = await call('POST', 'auth.login', { email: 'ADMIN@kiunga.local ', password: adminPassword });
    expect(login.status).toBe(200);
    const setCookie = login.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^kiunga_session=[\w-]{40,};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).not.toContain('Secure');
    const cookie = sessionCookie(setCookie);

    const me = await call('GET', 'auth.me', undefined, { cookie });
    expect(me.json.result?.data).toMatchObject({ role: 'admin', user: { email: 'admin@kiunga.local' }, workspace: { name: 'Ministry of Health' } });
    expect((await call('GET', 'flows.list', {}, { cookie })).status).toBe(200);

    const logout = await call('POST', 'auth.logout', null, { cookie });
    expect(logout.status).toBe(200);
    expect(logout.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await call('GET', 'auth.me', undefined, { cookie })).json.result?.data).toBeNull();
    expect((await call('GET', 'flows.list', {}, { cookie })).status).toBe(401);

    const audit = await server.db.selectFrom('audit_log').select(['action', 'detail']).where('action', 'in', ['login.success', 'logout']).execute();
    expect(audit.map((a) => a.action)).toEqual(['login.success', 'logout']);
    expect(JSON.stringify(audit)).not.toContain(adminPassword);
  });

  it('refuses a wrong password with 401 and audits the failure without the password', async () => {
    const wrong = await call('POST', 'auth.login', { email: 'admin@kiunga.local', password: 'not-the-password-1' }, {});
    expect(wrong.status).toBe(401);
    expect(wrong.json.error?.message).toBe('Wrong email or password, or this account is disabled.');
    const failures = await server.db.selectFrom('audit_log').select(['detail', 'target']).where('action', '=', 'login.failure').execute();
    expect(failures.at(-1)).toMatchObject({ target: 'email:admin@kiunga.local' });
    expect(JSON.stringify(failures)).not.toContain('not-the-password-1');
  });

  it('blocks an IP+email after 5 failures with 429, even with the right password', async () => {
    const email = 'ratelimit@kiunga.local';
    // create the account through the API as admin
    const cookie = sessionCookie((await call('POST', 'auth.login', { email: 'admin@kiunga.local', password: adminPassword })).headers.get('set-cookie'));
    const created = await call('POST', 'users.create', { email, name: 'Rate', role: 'viewer', password: 'right-password-123' }, { cookie });
    expect(created.status).toBe(200);
    for (let i = 0; i < 5; i++) {
      expect((await call('POST', 'auth.login', { email, password: `wrong-password-${i}` })).status).toBe(401);
    }
    const blocked = await call('POST', 'auth.login', { email, password: 'right-password-123' });
    expect(blocked.status).toBe(429);
    expect(blocked.json.error?.message).toMatch(/Too many failed logins/);
    // Another account from the same IP is not blocked by this one's failures.
    expect((await call('POST', 'auth.login', { email: 'admin@kiunga.local', password: adminPassword })).status).toBe(200);
  });

  it('accepts API tokens as Bearer (no CSRF header needed) until revoked', async () => {
    const cookie = sessionCookie((await call('POST', 'auth.login', { email: 'admin@kiunga.local', password: adminPassword })).headers.get('set-cookie'));
    const created = await call('POST', 'apiTokens.create', { name: 'script', role: 'editor' }, { cookie });
    const { token, id } = created.json.result!.data as { token: string; id: string };
    expect(token).toMatch(/^kiu_/);
    const stored = await server.db.selectFrom('api_tokens').select('token_hash').where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    const made = await call('POST', 'flows.create', { name: 'Via token' }, { bearer: token, csrf: false });
    expect(made.status).toBe(200);
    expect((await call('POST', 'users.list', undefined, { bearer: token, csrf: false })).status).not.toBe(200);
    expect((await call('GET', 'users.list', undefined, { bearer: token })).status).toBe(403);
    await call('POST', 'apiTokens.revoke', { id }, { cookie });
    expect((await call('GET', 'flows.list', {}, { bearer: token })).status).toBe(401);
    expect((await call('GET', 'flows.list', {}, { bearer: 'kiu_made-up' })).status).toBe(401);
  });
});

describe('request hygiene', () => {
  it('refuses cookie mutations without the CSRF header or from another origin (403), changing nothing', async () => {
    const cookie = sessionCookie((await call('POST', 'auth.login', { email: 'admin@kiunga.local', password: adminPassword })).headers.get('set-cookie'));
    const countFlows = async () => (await server.db.selectFrom('flows').select('id').execute()).length;
    const before = await countFlows();
    const noHeader = await call('POST', 'flows.create', { name: 'CSRF' }, { cookie, csrf: false });
    expect(noHeader.status).toBe(403);
    expect(noHeader.json.error?.message).toMatch(/x-kiunga-csrf/);
    const crossSite = await call('POST', 'flows.create', { name: 'CSRF' }, { cookie, origin: 'https://evil.example.com' });
    expect(crossSite.status).toBe(403);
    expect(await countFlows()).toBe(before);
    const sameSite = await call('POST', 'flows.create', { name: 'Same origin' }, { cookie, origin: server.url });
    expect(sameSite.status).toBe(200);
  });

  it('answers 413 for bodies over 1 MB and 400 for malformed JSON, changing nothing', async () => {
    const cookie = sessionCookie((await call('POST', 'auth.login', { email: 'admin@kiunga.local', password: adminPassword })).headers.get('set-cookie'));
    const before = await server.db.selectFrom('flows').select('id').execute();
    const big = await call('POST', 'flows.create', null, { cookie, body: JSON.stringify({ name: 'x'.repeat(1_100_000) }) });
    expect(big.status).toBe(413);
    const malformed = await call('POST', 'flows.create', null, { cookie, body: '{"name": "half' });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error?.message).toMatch(/^Malformed JSON in the request body/);
    const invalid = await call('POST', 'flows.create', { name: '' }, { cookie });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error?.message).toMatch(/^name: Too small/);
    expect((invalid.json.error?.data as unknown as { inputIssues: unknown[] }).inputIssues).toEqual([{ path: 'name', message: expect.stringContaining('Too small') }]);
    expect(await server.db.selectFrom('flows').select('id').execute()).toEqual(before);
    // flows.import alone accepts bigger files (a whole RapidPro export), up to its own limit.
    const bigImport = await call('POST', 'flows.import', null, { cookie, body: JSON.stringify({ file: { flows: [], padding: 'x'.repeat(1_100_000) } }) });
    expect(bigImport.status).toBe(200);
    expect((bigImport.json.result?.data as { ok: boolean }).ok).toBe(false);
    const tooBigImport = await call('POST', 'flows.import', null, { cookie, body: JSON.stringify({ file: { padding: 'x'.repeat(21_000_000) } }) });
    expect(tooBigImport.status).toBe(413);
  });

  it('sends security headers, health and readiness', async () => {
    const health = await fetch(`${server.url}/api/health`);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    expect(health.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(health.headers.get('content-security-policy')).toContain('worker-src');
    expect((await fetch(`${server.url}/api/ready`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/nothing`)).status).toBe(404);
  });
});

describe('web UI and webhooks', () => {
  it('serves index.html for client routes, hashed assets with long cache, and never files outside the UI', async () => {
    const page = await fetch(`${server.url}/flows/123/edit`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(await page.text()).toContain('<title>Kiunga</title>');
    const asset = await fetch(`${server.url}/assets/app-1a2b3c.js`);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${server.url}/%2e%2e/kiunga.sqlite`)).status).toBe(404);
    expect((await fetch(`${server.url}/..%2fkiunga.sqlite`)).status).toBe(404);
  });

  it('routes /webhooks/ to the longest registered prefix with the raw body', async () => {
    const seen: { subPath: string; body: string }[] = [];
    webhooks.register('/webhooks/channels/', () => ({ status: 500 }));
    webhooks.register('/webhooks/channels/test/', (req) => {
      seen.push({ subPath: req.subPath, body: req.body.toString('utf8') });
      return { status: 202, json: { ok: true } };
    });
    const response = await fetch(`${server.url}/webhooks/channels/test/abc-123`, { method: 'POST', body: 'raw=1&x=2' });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ ok: true });
    expect(seen).toEqual([{ subPath: 'abc-123', body: 'raw=1&x=2' }]);
    expect((await fetch(`${server.url}/webhooks/unknown`, { method: 'POST', body: '' })).status).toBe(404);
    expect((await fetch(`${server.url}/webhooks/channels/test/x`, { method: 'POST', body: 'y'.repeat(1_100_000) })).status).toBe(413);
  });
});

describe('error messages', () => {
  it('hides internal error details from clients', async () => {
    const cookie = sessionCookie((await call('POST', 'auth.login', { email: 'admin@kiunga.local', password: adminPassword })).headers.get('set-cookie'));
    const created = await call('POST', 'flows.create', { name: 'Will break' }, { cookie });
    const flowId = (created.json.result!.data as { flow: { id: string } }).flow.id;
    // Corrupt the stored definition behind the API's back: reading it now fails inside the server.
    await server.db.updateTable('flow_revisions').set({ definition: '{not json' }).where('flow_id', '=', flowId).execute();
    const errorLog: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errorLog.push(args);
    try {
      const broken = await call('GET', 'flows.get', { id: flowId }, { cookie });
      expect(broken.status).toBe(500);
      expect(broken.json.error?.message).toBe('Internal server error (details are in the server log).');
      expect(JSON.stringify(broken.json)).not.toContain('not json');
      expect(errorLog.length).toBeGreaterThan(0);
    } finally {
      console.error = original;
    }
  });
});
