/**
 * `kiunga fhir sync --fhir-url URL [--data-dir D] [--country CD] [--workspace W] [--patients] [--full] [--since ISO]`
 *
 * Syncs the health-worker registry (and, with --patients, the patients) of a FHIR server into the
 * contacts and groups of a workspace in the local database, then prints what changed.
 *
 * Example:
 *   npx kiunga fhir sync --fhir-url http://127.0.0.1:8090/fhir --country CM
 *   → registry (full): 35 created, 0 updated, 0 deactivated, 0 unchanged, 15 skipped
 */
import { Command } from 'commander';
import type { Kysely } from 'kysely';
import { loadConfig } from '../../server/config.js';
import { openDatabase } from '../../server/db/open.js';
import type { Database } from '../../server/db/schema.js';
import { FhirClient } from '../../server/fhir/client.js';
import { findOrCreateConnection } from '../../server/fhir/connections.js';
import { syncPatients, syncRegistry, type SyncResult } from '../../server/fhir/sync.js';

/** Options as commander parses them. Example: `{ fhirUrl: 'http://127.0.0.1:8090/fhir', country: 'CM', patients: true }`. */
export interface FhirSyncCliOptions {
  fhirUrl: string;
  dataDir?: string;
  country?: string;
  workspace?: string;
  patients?: boolean;
  full?: boolean;
  since?: string;
  pageSize?: string;
}

/** Where the command writes; tests pass their own. */
export interface CliOutput {
  out: (line: string) => void;
  err: (line: string) => void;
}

const SKIPPED_SHOWN = 20;
const SYNC_TABLES = ['fhir_sync_state', 'fhir_synced_records', 'fhir_synced_groups'];

async function pickWorkspace(db: Kysely<Database>, wanted: string | undefined, file: string): Promise<{ id: string; name: string }> {
  const all = await db.selectFrom('workspaces').select(['id', 'name']).orderBy('created_at').execute();
  if (wanted) {
    const found = all.find((w) => w.id === wanted || w.name === wanted);
    if (!found) throw new Error(`no workspace "${wanted}" in ${file} (have: ${all.map((w) => `"${w.name}"`).join(', ') || 'none'})`);
    return found;
  }
  if (all.length === 0) throw new Error(`no workspace in ${file}: start the server once (npm start) to create it`);
  if (all.length > 1) throw new Error(`${file} has ${all.length} workspaces; choose one with --workspace (${all.map((w) => `"${w.name}"`).join(', ')})`);
  return all[0];
}

async function assertSyncTables(db: Kysely<Database>): Promise<void> {
  const tables = new Set((await db.introspection.getTables()).map((t) => t.name));
  const missing = SYNC_TABLES.filter((t) => !tables.has(t));
  if (missing.length) {
    throw new Error(`the database lacks the FHIR sync tables (${missing.join(', ')}): migration 0002_fhir_sync is not registered in server/db/migrations/index.ts`);
  }
}

function report(label: string, r: SyncResult, io: CliOutput): void {
  io.out(`${label} (${r.mode}): ${r.created} created, ${r.updated} updated, ${r.deactivated} deactivated, ${r.unchanged} unchanged, ${r.skipped.length} skipped`);
  for (const s of r.skipped.slice(0, SKIPPED_SHOWN)) io.out(`  skipped ${s.reference}: ${s.reason}`);
  if (r.skipped.length > SKIPPED_SHOWN) io.out(`  … and ${r.skipped.length - SKIPPED_SHOWN} more skipped`);
}

/** Runs the command; returns the exit code (0 ok, 1 failure). */
export async function runFhirSync(options: FhirSyncCliOptions, io: CliOutput): Promise<number> {
  let db: Kysely<Database> | undefined;
  try {
    const pageSize = options.pageSize === undefined ? undefined : Number(options.pageSize);
    if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000)) {
      throw new Error(`--page-size must be a whole number from 1 to 1000 (got "${options.pageSize}")`);
    }
    const client = new FhirClient({ baseUrl: options.fhirUrl, pageSize });
    const config = loadConfig({ ...process.env, ...(options.dataDir ? { DATA_DIR: options.dataDir } : {}) });
    db = await openDatabase(config.database);
    await assertSyncTables(db);
    const workspace = await pickWorkspace(db, options.workspace, config.databaseFile);
    const connection = await findOrCreateConnection(db, workspace.id, client.baseUrl);
    const common = { client, db, workspaceId: workspace.id, connectionId: connection.id, defaultCountry: options.country, full: options.full, since: options.since };
    report(`registry from ${client.baseUrl}`, await syncRegistry(common), io);
    if (options.patients) report(`patients from ${client.baseUrl}`, await syncPatients(common), io);
    return 0;
  } catch (err) {
    io.err(`kiunga fhir sync: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await db?.destroy();
  }
}

/**
 * Adds `fhir sync` to the program (creating the `fhir` command group, or reusing it if another file made it).
 *
 * Example: `registerFhirSyncCommand(program)` in cli/main.ts's buildProgram().
 */
export function registerFhirSyncCommand(program: Command, io: CliOutput = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) }): void {
  const fhir = program.commands.find((c) => c.name() === 'fhir') ?? program.command('fhir').description('work with FHIR servers');
  fhir
    .command('sync')
    .description('sync health workers (Practitioner, PractitionerRole, Location, Organization) and optionally patients into contacts and groups')
    .requiredOption('--fhir-url <url>', 'FHIR base URL, e.g. http://127.0.0.1:8090/fhir')
    .option('--data-dir <dir>', 'data directory holding kiunga.sqlite (default: $DATA_DIR or ./data)')
    .option('--country <code>', 'ISO-3166 country for local phone numbers (default: the workspace default_country)')
    .option('--workspace <id-or-name>', 'workspace to sync into (default: the only one)')
    .option('--patients', 'also sync Patients into the "Patients" group')
    .option('--full', 'ignore the stored cursor; read everything and archive contacts whose resource was deleted')
    .option('--since <instant>', 'only resources changed at or after this ISO-8601 instant')
    .option('--page-size <n>', 'search page size (_count), default 100')
    .action(async (opts: FhirSyncCliOptions) => {
      process.exitCode = await runFhirSync(opts, io);
    });
}
