/**
 * Location lookups for has_state, has_district and has_ward over goflow's location hierarchy
 * (passed in the evaluation environment): the root is the country (level 0), its children are
 * states (1), their children districts (2), then wards (3). Each location has a name, optional
 * aliases and children; a location's path is its names from the root joined with " > ".
 *
 *   locations = [{ name: 'Rwanda', children: [{ name: 'Kigali City', aliases: ['Kigali'], children: [...] }] }]
 *   findLocationsFuzzy(env, 'I live in Kigali', LEVEL_STATE, null)[0].path -> 'Rwanda > Kigali City'
 */
import type { EvaluationEnvironment } from '../../expressions/environment.js';

export const LEVEL_STATE = 1;
export const LEVEL_DISTRICT = 2;
export const LEVEL_WARD = 3;

/** One node of the hierarchy, with its level and path. Example: { name: 'Gasabo', level: 2, path: 'Rwanda > Kigali City > Gasabo' }. */
export interface LocationNode {
  name: string;
  aliases: string[];
  level: number;
  path: string;
  parent: LocationNode | null;
  children: LocationNode[];
}

const cache = new WeakMap<object, LocationNode[]>();

function build(raw: unknown, level: number, parent: LocationNode | null, out: LocationNode[]): void {
  if (!raw || typeof raw !== 'object' || level > 8) return;
  const r = raw as { name?: unknown; aliases?: unknown; children?: unknown };
  if (typeof r.name !== 'string') return;
  const node: LocationNode = {
    name: r.name,
    aliases: Array.isArray(r.aliases) ? r.aliases.filter((a): a is string => typeof a === 'string') : [],
    level,
    path: parent ? `${parent.path} > ${r.name}` : r.name,
    parent,
    children: [],
  };
  out.push(node);
  parent?.children.push(node);
  if (Array.isArray(r.children)) for (const c of r.children) build(c, level + 1, node, out);
}

/** All locations of the environment, flattened (built once per hierarchy), or null if none. */
export function allLocations(env: EvaluationEnvironment): LocationNode[] | null {
  const roots = env.locations;
  if (!roots || roots.length === 0) return null;
  let nodes = cache.get(roots);
  if (!nodes) {
    nodes = [];
    for (const root of roots) build(root, 0, null, nodes);
    cache.set(roots, nodes);
  }
  return nodes;
}

function isUnder(node: LocationNode, ancestor: LocationNode): boolean {
  for (let p = node.parent; p; p = p.parent) if (p === ancestor) return true;
  return false;
}

/** Exact (case-insensitive, trimmed) name or alias match at a level, optionally under a parent. */
function findExact(nodes: LocationNode[], name: string, level: number, parent: LocationNode | null): LocationNode[] {
  const wanted = name.trim().toLowerCase();
  if (!wanted) return [];
  return nodes.filter(
    (n) =>
      n.level === level &&
      (!parent || isUnder(n, parent)) &&
      (n.name.toLowerCase() === wanted || n.aliases.some((a) => a.trim().toLowerCase() === wanted)),
  );
}

const NON_WORD = /[^\p{L}\p{N}_]+/gu;

/**
 * goflow's fuzzy search: the whole text, then the text without punctuation, then each word,
 * then each pair of adjacent words; the first step with matches wins.
 */
export function findLocationsFuzzy(env: EvaluationEnvironment, text: string, level: number, parent: LocationNode | null): LocationNode[] {
  const nodes = allLocations(env);
  if (!nodes) return [];
  let found = findExact(nodes, text, level, parent);
  if (found.length) return found;
  found = findExact(nodes, text.replace(NON_WORD, ' ').trim(), level, parent);
  if (found.length) return found;
  const words = text.split(NON_WORD).filter((w) => w.length > 0);
  for (const w of words) {
    found = findExact(nodes, w, level, parent);
    if (found.length) return found;
  }
  for (let i = 0; i < words.length - 1; i++) {
    found = findExact(nodes, `${words[i]} ${words[i + 1]}`, level, parent);
    if (found.length) return found;
  }
  return [];
}
