/**
 * Small helpers for walking untrusted JSON (flows before validation) without throwing.
 *
 *   const nodes = asArray(flow.nodes);           // [] when missing or not an array
 *   const router = asObject(node.router);        // null when missing or not an object
 */

/** A plain JSON object. */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asObject(value: unknown): JsonObject | null {
  return isObject(value) ? value : null;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Deep copy of plain JSON (flows are JSON, so structuredClone semantics are enough). */
export function cloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** The objects of an array, skipping anything else (nulls are reported by validation, not here). */
export function objectsOf(value: unknown): JsonObject[] {
  return asArray(value).filter(isObject);
}

/** Stable JSON text with sorted keys, for comparisons that ignore key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const key of Object.keys(value).sort()) {
      if (value[key] !== undefined) out[key] = sortKeys(value[key]);
    }
    return out;
  }
  return value;
}
