/**
 * Smart (query-based) group membership: evaluates RapidPro contact queries such as
 * `gender = male`, `age > 18 AND district = "Gasabo"`, `tel ~ 25078`, `name = ""` against a contact.
 *
 *   matchesQuery(contact, 'age >= 18 AND gender = "female"', assets)  // true / false
 */
import type { Contact } from './api.js';
import type { AssetIndex } from './assets.js';
import { parseUrn, URN_SCHEMES } from './urns.js';

type Query =
  | { kind: 'and' | 'or'; left: Query; right: Query }
  | { kind: 'cond'; attr: string; op: string; value: string }
  | { kind: 'text'; value: string };

const TOKEN = /\s*(\(|\)|"(?:[^"\\]|\\.)*"|!=|>=|<=|=|~|>|<|[^\s()=!<>~"]+)/y;

function tokenize(q: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (TOKEN.lastIndex < q.length && (m = TOKEN.exec(q))) out.push(m[1]!);
  return out;
}

function parse(tokens: string[]): Query {
  let pos = 0;
  const peek = () => tokens[pos];
  const parseOr = (): Query => {
    let left = parseAnd();
    while (peek()?.toUpperCase() === 'OR') {
      pos++;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): Query => {
    let left = parseAtom();
    for (;;) {
      const t = peek();
      if (t === undefined || t === ')' || t.toUpperCase() === 'OR') return left;
      if (t.toUpperCase() === 'AND') pos++;
      left = { kind: 'and', left, right: parseAtom() };
    }
  };
  const parseAtom = (): Query => {
    const t = tokens[pos++];
    if (t === undefined) throw new Error('unexpected end of query');
    if (t === '(') {
      const inner = parseOr();
      if (tokens[pos++] !== ')') throw new Error('missing )');
      return inner;
    }
    const op = peek();
    if (op && ['=', '!=', '~', '>', '>=', '<', '<='].includes(op)) {
      pos++;
      const raw = tokens[pos++] ?? '';
      return { kind: 'cond', attr: t.toLowerCase(), op, value: unquote(raw) };
    }
    return { kind: 'text', value: unquote(t) };
  };
  const q = parseOr();
  if (pos < tokens.length) throw new Error(`unexpected '${tokens[pos]}'`);
  return q;
}

function unquote(s: string): string {
  return s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).replace(/\\(.)/g, '$1') : s;
}

const parsed = new Map<string, Query | Error>();

function compile(query: string): Query | Error {
  let q = parsed.get(query);
  if (!q) {
    try {
      q = parse(tokenize(query));
    } catch (err) {
      q = err instanceof Error ? err : new Error(String(err));
    }
    parsed.set(query, q);
  }
  return q;
}

function compareText(actual: string[], op: string, expected: string): boolean {
  const e = expected.toLowerCase();
  if (e === '') {
    const set = actual.some((a) => a !== '');
    return op === '=' ? !set : op === '!=' ? set : false;
  }
  const vals = actual.map((a) => a.toLowerCase());
  switch (op) {
    case '=':
      return vals.some((a) => a === e);
    case '!=':
      return !vals.some((a) => a === e);
    case '~':
      return vals.some((a) => a.includes(e));
    default: {
      const n = Number(expected);
      return vals.some((a) => {
        const x = Number(a);
        if (!Number.isFinite(x) || !Number.isFinite(n) || a === '') return false;
        return op === '>' ? x > n : op === '>=' ? x >= n : op === '<' ? x < n : x <= n;
      });
    }
  }
}

function attrValues(contact: Contact, attr: string, assets: AssetIndex): string[] {
  switch (attr) {
    case 'name':
      return [contact.name ?? ''];
    case 'language':
      return [contact.language ?? ''];
    case 'status':
      return [contact.status ?? 'active'];
    case 'uuid':
      return [contact.uuid];
    case 'id':
      return [contact.id !== undefined ? String(contact.id) : ''];
    case 'tickets':
      return ['0'];
    case 'urn':
      return (contact.urns ?? []).map((u) => parseUrn(u).path);
    case 'group':
      return (contact.groups ?? []).map((g) => g.name);
  }
  if (URN_SCHEMES.has(attr)) return (contact.urns ?? []).filter((u) => parseUrn(u).scheme === attr).map((u) => parseUrn(u).path);
  const field = assets.field(attr);
  const value = contact.fields?.[attr];
  if (!value) return [''];
  if (field?.type === 'number' && value.number !== undefined && value.number !== null) return [String(value.number)];
  if (field?.type === 'state') return [value.state?.split(' > ').pop() ?? value.text];
  if (field?.type === 'district') return [value.district?.split(' > ').pop() ?? value.text];
  return [value.text];
}

function evaluate(q: Query, contact: Contact, assets: AssetIndex): boolean {
  switch (q.kind) {
    case 'and':
      return evaluate(q.left, contact, assets) && evaluate(q.right, contact, assets);
    case 'or':
      return evaluate(q.left, contact, assets) || evaluate(q.right, contact, assets);
    case 'text':
      return compareText([contact.name ?? ''], '~', q.value);
    case 'cond':
      return compareText(attrValues(contact, q.attr, assets), q.op, q.value);
  }
}

/** Whether the contact matches a smart group's query; unparseable queries match nobody. */
export function matchesQuery(contact: Contact, query: string, assets: AssetIndex): boolean {
  const q = compile(query);
  if (q instanceof Error) return false;
  return evaluate(q, contact, assets);
}

/**
 * Recomputes smart-group membership (and drops all groups for blocked/stopped contacts).
 * Returns the groups added and removed, or null when nothing changed.
 */
export function refreshGroups(contact: Contact, assets: AssetIndex): { added: { uuid: string; name: string }[]; removed: { uuid: string; name: string }[] } | null {
  const current = contact.groups ?? [];
  const status = contact.status ?? 'active';
  const added: { uuid: string; name: string }[] = [];
  const removed: { uuid: string; name: string }[] = [];
  let next = [...current];
  if (status === 'blocked' || status === 'stopped') {
    // goflow lists query groups first, then the others, each in the contact's order
    const isSmart = (g: { uuid: string }) => Boolean(assets.group(g.uuid)?.query);
    removed.push(...current.filter(isSmart).map((g) => ({ uuid: g.uuid, name: g.name })));
    removed.push(...current.filter((g) => !isSmart(g)).map((g) => ({ uuid: g.uuid, name: g.name })));
    next = [];
  } else {
    for (const group of assets.allGroups()) {
      if (!group.query) continue;
      const isMember = current.some((g) => g.uuid === group.uuid);
      const shouldBe = status === 'active' && matchesQuery(contact, group.query, assets);
      if (shouldBe && !isMember) {
        added.push({ uuid: group.uuid, name: group.name });
        next.push({ uuid: group.uuid, name: group.name });
      } else if (!shouldBe && isMember) {
        removed.push({ uuid: group.uuid, name: group.name });
        next = next.filter((g) => g.uuid !== group.uuid);
      }
    }
  }
  if (added.length === 0 && removed.length === 0) return null;
  contact.groups = next;
  return { added, removed };
}
