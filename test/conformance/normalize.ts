/**
 * Conformance comparison rule (see docs/conformance.md): generated UUIDs and timestamps are compared
 * by position, not value. Every UUID- or timestamp-shaped substring that does not occur in the test's
 * inputs is replaced by a placeholder numbered in order of first appearance (`<uuid:3>`, `<time:7>`),
 * separately for expected and actual output, walking objects with sorted keys. References stay
 * consistent: the same generated value always gets the same number.
 *
 *   const n = new Normalizer(literals);  n.normalize({ run_uuid: '0196...' })  // { run_uuid: '<uuid:1>' }
 */

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g;
/** URL-encoded timestamps (webhook URLs carry them as 2025-05-04T12%3A30%3A45.123Z). */
const ENCODED_TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}%3A\d{2}%3A\d{2}(?:\.\d+)?(?:Z|%2B\d{2}%3A\d{2}|-\d{2}%3A\d{2})/g;

/** Collects every UUID/timestamp occurring in the inputs: those are compared literally. */
export function collectLiterals(...inputs: unknown[]): Set<string> {
  const out = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const re of [UUID, TIMESTAMP, ENCODED_TIMESTAMP]) for (const m of v.matchAll(re)) out.add(m[0].toLowerCase());
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  inputs.forEach(visit);
  return out;
}

export class Normalizer {
  private readonly uuids = new Map<string, number>();
  private readonly times = new Map<string, number>();
  constructor(private readonly literals: Set<string>) {}

  private number(map: Map<string, number>, value: string): number {
    let n = map.get(value);
    if (n === undefined) {
      n = map.size + 1;
      map.set(value, n);
    }
    return n;
  }

  normalizeString(s: string): string {
    let out = s.replace(UUID, (m) => (this.literals.has(m.toLowerCase()) ? m : `<uuid:${this.number(this.uuids, m.toLowerCase())}>`));
    out = out.replace(TIMESTAMP, (m) => (this.literals.has(m.toLowerCase()) ? m : `<time:${this.number(this.times, m)}>`));
    out = out.replace(ENCODED_TIMESTAMP, (m) => (this.literals.has(m.toLowerCase()) ? m : `<time:${this.number(this.times, decodeURIComponent(m))}>`));
    return out;
  }

  normalize(value: unknown): unknown {
    if (typeof value === 'string') return this.normalizeString(value);
    if (Array.isArray(value)) return value.map((v) => this.normalize(v));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value).sort()) {
        const v = (value as Record<string, unknown>)[key];
        if (v === undefined) continue;
        out[key] = this.normalize(v);
      }
      return out;
    }
    return value;
  }
}

/** First difference between two normalized JSON values, as "path: expected X, got Y"; null if equal. */
export function firstDifference(expected: unknown, actual: unknown, path = '$'): string | null {
  if (expected === actual) return null;
  const show = (v: unknown) => {
    const s = JSON.stringify(v);
    return s === undefined ? 'nothing' : s.length > 160 ? `${s.slice(0, 160)}...` : s;
  };
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const n = Math.min(expected.length, actual.length);
    for (let i = 0; i < n; i++) {
      const d = firstDifference(expected[i], actual[i], `${path}[${i}]`);
      if (d) return d;
    }
    if (expected.length !== actual.length) {
      return expected.length > actual.length
        ? `${path}[${n}]: expected ${show(expected[n])}, got nothing (expected ${expected.length} items, got ${actual.length})`
        : `${path}[${n}]: expected nothing, got ${show(actual[n])} (expected ${expected.length} items, got ${actual.length})`;
    }
    return null;
  }
  if (expected && actual && typeof expected === 'object' && typeof actual === 'object' && !Array.isArray(expected) && !Array.isArray(actual)) {
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(e), ...Object.keys(a)])].sort();
    for (const k of keys) {
      const d = firstDifference(e[k], a[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  if (typeof expected === 'string' && typeof actual === 'string') {
    // long texts: show where they part
    let i = 0;
    while (i < expected.length && expected[i] === actual[i]) i++;
    if (i > 40) {
      const from = i - 30;
      return `${path} (from character ${from}): expected ${show(expected.slice(from, from + 100))}, got ${show(actual.slice(from, from + 100))}`;
    }
  }
  return `${path}: expected ${show(expected)}, got ${show(actual)}`;
}
