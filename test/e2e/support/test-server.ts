/**
 * A real Kiunga server for end-to-end tests: the colleague's `createServer` on a free port, with a temporary
 * data directory, the given web build, and a known first admin.
 *
 *   const server = await startTestServer(webRoot);   server.url, TEST_ADMIN.email
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer, type KiungaServer } from '../../../server/main.js';
import { loadConfig } from '../../../server/config.js';

/** The admin created on first start. */
export const TEST_ADMIN = { email: 'officer@moh.example.org', password: 'e2e-Secret-Passphrase-42' } as const;

export interface TestServer {
  url: string;
  server: KiungaServer;
  /** Lines the server logged (shown when a test fails). */
  log: string[];
  close(): Promise<void>;
}

export async function startTestServer(webRoot: string): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiunga-e2e-data-'));
  const log: string[] = [];
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    WEB_ROOT: webRoot,
    ADMIN_EMAIL: TEST_ADMIN.email,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    FHIR_DEV_SERVER: '0',
    WORKERS: '0',
    MAX_BODY_BYTES: String(5 * 1024 * 1024),
  });
  const server = await createServer(config, { log: (line) => log.push(line) });
  return {
    url: server.url,
    server,
    log,
    async close() {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
