/**
 * Problems found while reading, validating, migrating or inspecting a flow, phrased for the person who wrote
 * the flow. Every problem is reported (never only the first), each with a JSON path into the flow.
 *
 * Example:
 *   { severity: 'error', code: 'case_arguments', path: 'nodes[3].router.cases[1]', nodeUuid: 'a58b...',
 *     message: 'nodes[3].router.cases[1]: "has_number_between" needs 2 arguments but has 1' }
 */

/** How bad a problem is: errors stop the flow from being used, warnings do not. */
export type IssueSeverity = 'error' | 'warning';

/** One problem with a flow (or an import file). */
export interface FlowIssue {
  severity: IssueSeverity;
  /** JSON path from the flow (or the import file) root, e.g. `nodes[3].router.cases[1]`; `""` for the root. */
  path: string;
  /** The node the problem is in, when there is one. */
  nodeUuid?: string;
  /** A sentence a program officer understands, starting with the path. */
  message: string;
  /** Stable machine code, e.g. `duplicate_uuid`, `invalid_exit_destination`, `unknown_action_type`. */
  code: string;
}

/** Path segments: property names and array indexes. Example: `['nodes', 3, 'router', 'cases', 1]`. */
export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Formats path segments as a JSON path. Example: `formatPath(['nodes', 3, 'exits', 0])` → `"nodes[3].exits[0]"`;
 * keys that are not identifiers (UUIDs) are quoted: `localization.spa["7e99..."]`.
 */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const seg of segments) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENTIFIER.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Joins a prefix path (e.g. `flows[2]`) and a relative one (e.g. `nodes[0]`). */
export function joinPath(prefix: string, path: string): string {
  if (!prefix) return path;
  if (!path) return prefix;
  return path.startsWith('[') ? prefix + path : `${prefix}.${path}`;
}

/** Builds an issue whose message starts with its path (or "flow" at the root). */
export function issue(
  severity: IssueSeverity,
  code: string,
  path: readonly PathSegment[] | string,
  text: string,
  nodeUuid?: string,
): FlowIssue {
  const p = typeof path === 'string' ? path : formatPath(path);
  const result: FlowIssue = { severity, path: p, message: `${p || 'flow'}: ${text}`, code };
  if (nodeUuid) result.nodeUuid = nodeUuid;
  return result;
}

/** Re-roots issues under a prefix (e.g. the flow's position in an export file). */
export function prefixIssues(prefix: string, issues: readonly FlowIssue[]): FlowIssue[] {
  return issues.map((i) => {
    const path = joinPath(prefix, i.path);
    const text = i.message.slice((i.path || 'flow').length + 2);
    return { ...i, path, message: `${path}: ${text}` };
  });
}

export function hasErrors(issues: readonly FlowIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}
