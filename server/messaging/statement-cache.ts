/**
 * Reuses compiled SQLite statements for the messaging loop's own queries. Kysely's SQLite driver
 * compiles every statement again on each call, which costs about a quarter of the loop's CPU per
 * message on small machines. This wraps better-sqlite3's `Database.prototype.prepare` so that the SQL
 * texts the loop registers (`markHot`) come from a per-database cache; every other caller's SQL is
 * compiled exactly as before. It is safe for these statements because the driver only calls their
 * synchronous `all`/`run` (never `iterate`, never mode switches like `pluck`), so a cached statement is
 * never in use twice at once. At most `MAX_PER_DB` statements are kept per database.
 *
 * Example: `markHot('SELECT id FROM messages WHERE uuid = ?')` — then each prepare of that text is a map lookup.
 */
import Database from 'better-sqlite3';

const MAX_PER_DB = 512;
const hot = new Set<string>();
const caches = new WeakMap<object, Map<string, unknown>>();
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  const proto = Database.prototype as unknown as { prepare: (this: object, sql: string) => unknown };
  const compile = proto.prepare;
  proto.prepare = function prepare(this: object, sql: string): unknown {
    if (!hot.has(sql)) return compile.call(this, sql);
    let cache = caches.get(this);
    if (!cache) {
      cache = new Map();
      caches.set(this, cache);
    }
    let stmt = cache.get(sql);
    if (stmt === undefined) {
      stmt = compile.call(this, sql);
      if (cache.size < MAX_PER_DB) cache.set(sql, stmt);
    }
    return stmt;
  };
}

/** Registers a SQL text of the loop for statement reuse. Texts with a varying shape should not be registered. */
export function markHot(sqlText: string): void {
  install();
  if (hot.size < MAX_PER_DB * 4) hot.add(sqlText);
}
