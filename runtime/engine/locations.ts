/**
 * Administrative locations (goflow's location hierarchy asset: country → state → district → ward)
 * and the fuzzy lookup used by location fields: exact name/alias first, then single words and word
 * pairs of the text.
 *
 *   findLocation(locations, 'I live in gasabo', 2, null)  // "Rwanda > Kigali City > Gasabo"
 */

/** One node of the hierarchy. Example: `{ "name": "Kigali City", "aliases": ["Kigali"], "children": [...] }`. */
export interface LocationNode {
  name: string;
  aliases?: string[];
  children?: LocationNode[];
}

interface Flat {
  path: string;
  names: string[];
  level: number;
}

const cache = new WeakMap<object, Flat[]>();

function flatten(locations: unknown[]): Flat[] {
  const hit = cache.get(locations);
  if (hit) return hit;
  const out: Flat[] = [];
  const walk = (node: LocationNode, parentPath: string | null, level: number): void => {
    const path = parentPath ? `${parentPath} > ${node.name}` : node.name;
    out.push({ path, level, names: [node.name, ...(node.aliases ?? [])].map((n) => n.toLowerCase().trim()) });
    for (const child of node.children ?? []) walk(child, path, level + 1);
  };
  for (const root of locations as LocationNode[]) walk(root, null, 0);
  cache.set(locations, out);
  return out;
}

/** Path of the location at `level` (1 state, 2 district, 3 ward) named in `text`, under `parentPath` if given. */
export function findLocation(locations: unknown[] | undefined, text: string, level: number, parentPath: string | null): string | null {
  if (!locations || locations.length === 0) return null;
  const candidates = flatten(locations).filter((l) => l.level === level && (!parentPath || l.path.startsWith(`${parentPath} > `)));
  const exact = (needle: string): string | null => candidates.find((c) => c.names.includes(needle))?.path ?? null;
  const whole = exact(text.toLowerCase().trim());
  if (whole) return whole;
  const words = text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const single = exact(words[i]!);
    if (single) return single;
    if (i + 1 < words.length) {
      const pair = exact(`${words[i]} ${words[i + 1]}`);
      if (pair) return pair;
    }
  }
  return null;
}
