/**
 * A child process for initial-admin-race.test.ts: opens the database given on the command line (a SQLite
 * file, already migrated), waits until the agreed start time so every child starts together, runs the first
 * start, and prints its outcome as one JSON line: `{"created":true}`, `{"created":false}` or `{"error":"…"}`.
 *
 * Example: `node --import tsx test/postgres/first-start-child.ts /tmp/x/kiunga.sqlite 1764086400000`
 */
import { openDatabase } from '../../server/db/open.js';
import { ensureInitialWorkspace } from '../../server/auth/initial-admin.js';

const [file, startAt, dataDir] = process.argv.slice(2);
if (!file || !startAt || !dataDir) throw new Error('usage: first-start-child.ts <sqlite file> <start time ms> <data dir>');
const db = await openDatabase({ file, migrate: false });
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
try {
  const created = await ensureInitialWorkspace(db, { dataDir, adminEmail: 'admin@moh.example.org', adminPassword: 'a-long-admin-password', print: () => {} });
  console.log(JSON.stringify({ created: created !== null }));
} catch (error) {
  console.log(JSON.stringify({ error: String(error) }));
} finally {
  await db.destroy();
}
