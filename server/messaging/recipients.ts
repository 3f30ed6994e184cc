/**
 * Who a broadcast or flow start goes to, resolved in pages ordered by contact id so 100,000
 * recipients stream in batches with a cursor (no list held in memory, and a crash resumes at the
 * last committed cursor).
 *
 * Targets JSON: `{ "contacts": ["<uuid>"], "groups": ["<uuid>"], "urns": ["tel:+2547…"], "query": "district = Kilifi AND language = swa", "all": false }`
 * — a contact matching any of them is a recipient once.
 *
 * The query language is deliberately small: clauses joined by AND, each `attribute op value` with op
 * `=`, `!=` or `~` (contains). Attributes: `name`, `language`, `uuid`, `urn` (identity, e.g. `urn ~ +2547`),
 * `group` (group name), `created_on` (with `>`/`<`), or any custom field key. Values may be quoted.
 * Example: `district = "Kilifi" AND cadre ~ nurse`.
 */
import { all, sqlFor, sqlForDialect, type DialectSql, type Db } from './sql.js';

/** Parsed targets. Example: `{ contacts: [], groups: ["g-uuid"], urns: [], query: null, all: false }`. */
export interface Targets {
  contacts: string[];
  groups: string[];
  urns: string[];
  query: string | null;
  all: boolean;
}

export function parseTargets(input: unknown): Targets {
  const t = (typeof input === 'string' ? JSON.parse(input) : input) as Partial<Record<keyof Targets, unknown>> | null;
  if (!t || typeof t !== 'object') throw new Error('targets must be an object like { "groups": ["<uuid>"] }');
  const list = (key: 'contacts' | 'groups' | 'urns'): string[] => {
    const v = t[key] ?? [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new Error(`targets.${key} must be an array of strings`);
    return v as string[];
  };
  const query = t.query == null || t.query === '' ? null : String(t.query);
  if (query) compileQuery(query); // fail early with the clause at fault
  const targets = { contacts: list('contacts'), groups: list('groups'), urns: list('urns'), query, all: t.all === true };
  if (!targets.all && !targets.query && targets.contacts.length + targets.groups.length + targets.urns.length === 0) {
    throw new Error('targets select nobody: give contacts, groups, urns, a query, or all: true');
  }
  return targets;
}

const ATTRIBUTE_COLUMNS: Record<string, string> = { name: 'c.name', language: 'c.language', uuid: 'c.uuid', created_on: 'c.created_at', status: 'c.status' };

/**
 * Compiles the small query language to a SQL condition on `contacts c` (for the engine of `dialect`,
 * SQLite's by default). Throws naming the bad clause.
 */
/**
 * Splits a query on the AND keyword outside quotes, so a quoted value may contain "and":
 * `facility = "Mother and Child Hospital" AND cadre ~ nurse` → two clauses.
 */
export function splitClauses(query: string): string[] {
  const clauses: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (let i = 0; i < query.length; i++) {
    const ch = query[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      current += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
      continue;
    }
    const keyword = /^\s+AND\s+/i.exec(query.slice(i));
    if (keyword) {
      clauses.push(current);
      current = '';
      i += keyword[0].length - 1;
      continue;
    }
    current += ch;
  }
  if (quote) throw new Error(`query has an unclosed ${quote} quote: ${query}`);
  clauses.push(current);
  return clauses.map((c) => c.trim()).filter(Boolean);
}

export function compileQuery(query: string, dialect: DialectSql = sqlForDialect('sqlite')): { sql: string; params: unknown[] } {
  const clauses = splitClauses(query);
  if (clauses.length === 0) throw new Error('query is empty');
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const clause of clauses) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*(!=|=|~|>|<)\s*(?:"([^"]*)"|'([^']*)'|(\S.*))$/.exec(clause);
    if (!m) throw new Error(`query clause "${clause}" is not "attribute op value" (op is =, !=, ~, > or <)`);
    const attribute = m[1]!.toLowerCase();
    const op = m[2]!;
    const value = (m[3] ?? m[4] ?? m[5] ?? '').trim();
    let column: string;
    if (attribute === 'urn') {
      if (op === '~') {
        parts.push(`EXISTS (SELECT 1 FROM contact_urns u WHERE u.contact_id = c.id AND ${dialect.contains('u.identity', '?')})`);
        params.push(value);
      } else if (op === '=') {
        parts.push(`EXISTS (SELECT 1 FROM contact_urns u WHERE u.contact_id = c.id AND u.identity = ?)`);
        params.push(value);
      } else throw new Error(`query clause "${clause}": urn supports = and ~ only`);
      continue;
    }
    if (attribute === 'group') {
      if (op !== '=' && op !== '!=') throw new Error(`query clause "${clause}": group supports = and != only`);
      parts.push(`${op === '!=' ? 'NOT ' : ''}EXISTS (SELECT 1 FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE gm.contact_id = c.id AND lower(g.name) = lower(?))`);
      params.push(value);
      continue;
    }
    if (ATTRIBUTE_COLUMNS[attribute]) column = ATTRIBUTE_COLUMNS[attribute]!;
    else {
      column = dialect.jsonText('c.fields', [attribute]);
    }
    switch (op) {
      case '=':
        parts.push(`lower(${column}) = lower(?)`);
        break;
      case '!=':
        parts.push(`(${column} IS NULL OR lower(${column}) <> lower(?))`);
        break;
      case '~':
        parts.push(dialect.contains(`lower(${column})`, 'lower(?)'));
        break;
      default: {
        const numeric = Number(value);
        parts.push(Number.isFinite(numeric) && attribute !== 'created_on' ? `${dialect.asNumber(column)} ${op} ?` : `${column} ${op} ?`);
        params.push(Number.isFinite(numeric) && attribute !== 'created_on' ? numeric : value);
        continue;
      }
    }
    params.push(value);
  }
  return { sql: parts.join(' AND '), params };
}

/** A recipient row. */
export interface RecipientRow {
  id: string;
  uuid: string;
  status: string;
  language: string | null;
}

/** The next page of recipients after `cursor` (a contact id), ordered by id. */
export async function nextRecipients(db: Db, workspaceId: string, targets: Targets, cursor: string | null, limit: number): Promise<RecipientRow[]> {
  const dialect = sqlFor(db);
  const any: string[] = [];
  const params: unknown[] = [workspaceId, cursor ?? ''];
  if (targets.all) any.push('1 = 1');
  if (targets.contacts.length) {
    any.push(`c.uuid IN (${dialect.jsonArrayValues})`);
    params.push(JSON.stringify(targets.contacts));
  }
  if (targets.groups.length) {
    const groups = await all<{ id: string }>(db, `SELECT id FROM groups WHERE workspace_id = ? AND uuid IN (${dialect.jsonArrayValues})`, [workspaceId, JSON.stringify(targets.groups)]);
    if (groups.length) {
      any.push(`EXISTS (SELECT 1 FROM group_members gm WHERE gm.contact_id = c.id AND gm.group_id IN (${groups.map(() => '?').join(', ')}))`);
      params.push(...groups.map((g) => g.id));
    }
  }
  if (targets.urns.length) {
    any.push(`EXISTS (SELECT 1 FROM contact_urns u WHERE u.contact_id = c.id AND u.identity IN (${dialect.jsonArrayValues}))`);
    params.push(JSON.stringify(targets.urns));
  }
  if (targets.query) {
    const q = compileQuery(targets.query, dialect);
    any.push(`(${q.sql})`);
    params.push(...q.params);
  }
  if (any.length === 0) return [];
  params.push(limit);
  // notIndexed ("+c.workspace_id" on SQLite) keeps SQLite on the primary-key range (c.id > cursor):
  // filtering through the workspace index would re-read and sort every contact of the workspace for each page.
  return all<RecipientRow>(
    db,
    `SELECT c.id, c.uuid, c.status, c.language FROM contacts c
      WHERE ${dialect.notIndexed('c.workspace_id')} = ? AND c.id > ? AND (${any.join(' OR ')}) ORDER BY c.id LIMIT ?`,
    params,
  );
}

/** How many contacts the targets select (for previews). */
export async function countRecipients(db: Db, workspaceId: string, targets: Targets): Promise<number> {
  let total = 0;
  let cursor: string | null = null;
  for (;;) {
    const page = await nextRecipients(db, workspaceId, targets, cursor, 5000);
    total += page.length;
    if (page.length < 5000) return total;
    cursor = page[page.length - 1]!.id;
  }
}


