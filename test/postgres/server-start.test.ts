/**
 * `npm start` with DATABASE_URL: createServer from loadConfig opens PostgreSQL, logs it without the password,
 * and two servers started at the same moment on one database (as two processes behind a load balancer would)
 * both come up with one first workspace and admin, answer /api/health, and stop cleanly with their workers.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { createServer } from '../../server/main.js';
import { WebhookRegistry } from '../../server/http/webhooks.js';
import { tempDir, testFlowTools } from '../server/helpers.js';
import { postgresForThisFile } from './pg-test-env.js';

const pg = postgresForThisFile();
if (pg) {
  describe('npm start with DATABASE_URL', () => {
    it('starts two servers on one PostgreSQL database, with one first admin', async () => {
      const url = await pg.cluster().createDatabase();
      const dirs = [tempDir(), tempDir()];
      const logs: string[][] = [[], []];
      const configs = dirs.map((dir) => loadConfig({ DATA_DIR: dir, PORT: '0', FHIR_DEV_SERVER: '0', WORKERS: '1', DATABASE_URL: url, DATABASE_POOL_MAX: '4', ADMIN_PASSWORD: 'a-long-admin-password' }, dir));
      expect(configs[0]!.database).toEqual({ url, pool: { max: 4 } });
      const servers = await Promise.all(configs.map((config, i) => createServer(config, { flowTools: testFlowTools, webhooks: new WebhookRegistry(), log: (t) => logs[i]!.push(t) })));
      try {
        expect(servers.filter((s) => s.initialAdmin !== null)).toHaveLength(1);
        const password = decodeURIComponent(new URL(url).password);
        for (const log of logs) {
          expect(log.join('\n')).toContain('Database: PostgreSQL at postgres://kiunga:***@127.0.0.1');
          expect(log.join('\n')).not.toContain(password);
        }
        for (const server of servers) {
          const health = await fetch(`${server.url}/api/health`);
          expect(health.status).toBe(200);
        }
        expect(await servers[0]!.db.selectFrom('workspaces').select('name').execute()).toEqual([{ name: 'Ministry of Health' }]);
        // Both servers really share the database: a user created through one is seen by the other.
        expect(await servers[1]!.db.selectFrom('users').select('email').execute()).toEqual([{ email: 'admin@kiunga.local' }]);
      } finally {
        await Promise.all(servers.map((s) => s.close()));
        await pg.cluster().dropDatabase(url);
        for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
