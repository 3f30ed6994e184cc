/**
 * Turns zod validation problems into FlowIssues with JSON paths and plain sentences.
 *
 *   zodIssuesToFlowIssues(result.error, ['nodes', 2], nodeJson, 'a58b...')
 *   // → [{ path: 'nodes[2].exits', message: 'nodes[2].exits: a node needs at least one exit', code: 'invalid_field', ... }]
 */
import { issue, type FlowIssue, type PathSegment } from './issues.js';
import { isObject } from './json.js';

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (Array.isArray(current) && typeof key === 'number') current = current[key];
    else if (isObject(current) && typeof key === 'string') current = current[key];
    else return undefined;
  }
  return current;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** The parts of a zod issue used here (zod's `ZodError` fits). */
export interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
}

/** One sentence per zod issue; `prefix` is where `input` sits in the flow. */
export function zodIssuesToFlowIssues(
  error: { issues: readonly ZodIssueLike[] },
  prefix: readonly PathSegment[],
  input: unknown,
  nodeUuid?: string,
  code = 'invalid_field',
): FlowIssue[] {
  const out: FlowIssue[] = [];
  for (const zi of error.issues) {
    const relative = zi.path.filter((k): k is string | number => typeof k === 'string' || typeof k === 'number');
    const value = valueAt(input, relative);
    let text = zi.message;
    if (zi.code === 'invalid_type' || zi.code === 'invalid_union' || zi.code === 'invalid_value') {
      if (value === undefined) text = 'is required';
      else if (value === null) text = 'is empty (null) but must have a value';
      else if (zi.code === 'invalid_type' && !/must|is |needs/.test(text)) text = `has the wrong type (${describe(value)})`;
    }
    out.push(issue('error', code, [...prefix, ...relative], text, nodeUuid));
  }
  return out;
}
