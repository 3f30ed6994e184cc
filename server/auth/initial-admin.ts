/**
 * First start: when the database has no workspace, create "Ministry of Health" and its first admin.
 * The admin's email/password come from ADMIN_EMAIL/ADMIN_PASSWORD, or a random password is generated, printed
 * once to the console and written to DATA_DIR/initial-admin.txt (mode 0600), to be deleted after first login.
 *
 * Example:
 *   const created = await ensureInitialWorkspace(db, { dataDir: 'data', adminEmail: undefined, adminPassword: undefined });
 *   // created?.passwordGenerated === true → the password is in data/initial-admin.txt
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { isPostgres } from '../db/dialect.js';
import { isoNow, newId } from '../db/ids.js';
import { generatePassword, PASSWORD_MIN_LENGTH } from './passwords.js';
import { createUserWithMembership, normalizeEmail } from './users.js';
import { writeAudit } from './audit.js';

export interface InitialAdminOptions {
  dataDir: string;
  adminEmail?: string;
  adminPassword?: string;
  workspaceName?: string;
  timezone?: string;
  now?: Date;
  /** Where to print the one-time message (default console.log). */
  print?: (text: string) => void;
  /** The URL people open, for the message. */
  url?: string;
}

export interface InitialAdmin {
  workspaceId: string;
  userId: string;
  email: string;
  passwordGenerated: boolean;
  credentialsFile: string | null;
}

export const DEFAULT_ADMIN_EMAIL = 'admin@kiunga.local';

/** Creates the first workspace and admin if there is no workspace yet; returns null when already set up. */
export async function ensureInitialWorkspace(db: Kysely<Database>, options: InitialAdminOptions): Promise<InitialAdmin | null> {
  const print = options.print ?? ((text: string) => console.log(text));
  const now = options.now ?? new Date();
  if (options.adminPassword !== undefined && options.adminPassword.length < PASSWORD_MIN_LENGTH) {
    throw new Error(`ADMIN_PASSWORD must be at least ${PASSWORD_MIN_LENGTH} characters`);
  }
  const email = normalizeEmail(options.adminEmail || DEFAULT_ADMIN_EMAIL);
  const password = options.adminPassword ?? generatePassword();
  const passwordGenerated = options.adminPassword === undefined;

  // One transaction, entered one process at a time (lockFirstStart): two processes starting at once cannot both
  // create a workspace, and the second one finds the first one's workspace and returns null.
  const createOnce = () => db.transaction().execute(async (trx) => {
    await lockFirstStart(trx);
    const existing = await trx.selectFrom('workspaces').select('id').limit(1).executeTakeFirst();
    if (existing) return null;
    const workspaceId = newId();
    await trx.insertInto('workspaces').values({
      id: workspaceId,
      name: options.workspaceName ?? 'Ministry of Health',
      // The server's own zone is the best first guess for a ministry's local server; editable in settings.
      timezone: options.timezone ?? (Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'),
      default_country: null,
      languages: JSON.stringify(['eng']),
      quiet_hours: null,
      opt_out_words: JSON.stringify(['stop', 'unsubscribe']),
      created_at: isoNow(now),
      updated_at: isoNow(now),
    }).execute();
    const user = await createUserWithMembership(trx, { email, name: 'Administrator', password, workspaceId, role: 'admin', now });
    await writeAudit(trx, { workspaceId, userId: user.id, action: 'setup.initial_admin', target: `user:${user.id}`, detail: { email, passwordGenerated }, at: now });
    return { workspaceId, userId: user.id };
  });
  let created: { workspaceId: string; userId: string } | null;
  try {
    created = await createOnce();
  } catch (error) {
    // A safety net should another process still have won (e.g. a database that refused the lock): its workspace
    // is there now, so this start is not the first one. Anything else is a real failure.
    const existing = await db.selectFrom('workspaces').select('id').limit(1).executeTakeFirst();
    if (!existing) throw error;
    return null;
  }
  if (!created) return null;

  let credentialsFile: string | null = null;
  if (passwordGenerated) {
    credentialsFile = path.join(options.dataDir, 'initial-admin.txt');
    fs.mkdirSync(options.dataDir, { recursive: true });
    fs.writeFileSync(credentialsFile, `Kiunga first administrator\nemail: ${email}\npassword: ${password}\n\nLog in, change this password (Settings → Account), then delete this file.\n`, { mode: 0o600 });
    fs.chmodSync(credentialsFile, 0o600);
  }
  const lines = [
    '',
    '================================================================',
    ' Kiunga first start: created workspace and administrator',
    ` Open:     ${options.url ?? 'the server URL'}`,
    ` Email:    ${email}`,
    passwordGenerated ? ` Password: ${password}` : ' Password: the ADMIN_PASSWORD you set',
    passwordGenerated ? ` (shown once; also saved to ${credentialsFile} with mode 0600)` : '',
    ' Change the password after logging in.',
    '================================================================',
    '',
  ].filter((l) => l !== '');
  print(lines.join('\n'));
  return { workspaceId: created.workspaceId, userId: created.userId, email, passwordGenerated, credentialsFile };
}

/** An arbitrary constant naming the first-start lock among PostgreSQL advisory locks ("kiun"). */
const FIRST_START_LOCK = 0x6b69756e;

/**
 * Makes concurrent first starts take turns: on PostgreSQL a transaction-scoped advisory lock; on SQLite a write
 * that changes nothing, which takes the database's write lock before anything is read (so the second process
 * waits for the busy timeout instead of failing to upgrade a read transaction). Released at COMMIT/ROLLBACK.
 */
async function lockFirstStart(trx: Transaction<Database>): Promise<void> {
  if (isPostgres(trx)) await sql`SELECT pg_advisory_xact_lock(${sql.lit(FIRST_START_LOCK)})`.execute(trx);
  else await sql`UPDATE workspaces SET name = name WHERE 1 = 0`.execute(trx);
}
