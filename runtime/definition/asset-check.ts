/**
 * Checks a valid flow's references against the workspace assets: every missing group, field, flow, label...
 * is an issue with its path; flows entered as subflows must themselves be readable.
 *
 *   checkFlowAssets(flow, assets)
 *   // [{ code: 'missing_dependency', path: 'nodes[2].actions[1].groups[0]', message: '... group "Registered" ...' }]
 */
import type { SessionAssets } from '../engine/api.js';
import { flowDependencies } from '../inspect/dependencies.js';
import { missingDependencyIssues } from '../inspect/issues.js';
import { hasErrors, issue, type FlowIssue } from './issues.js';
import type { Flow } from './types.js';
import type { ReadFlowOptions } from './read.js';
import { readFlow } from './read.js';
import { isObject } from './json.js';

function findFlowJson(assets: SessionAssets, uuid: string): unknown {
  return (assets.flows ?? []).find(
    (f) => isObject(f) && (f.uuid === uuid || (isObject(f.metadata) && f.metadata.uuid === uuid)),
  );
}

/** Strips the goflow-only fields so callers get plain FlowIssues. */
function toFlowIssue(i: FlowIssue): FlowIssue {
  const out: FlowIssue = { severity: i.severity, path: i.path, message: i.message, code: i.code };
  if (i.nodeUuid) out.nodeUuid = i.nodeUuid;
  return out;
}

export function checkFlowAssets(
  flow: Flow,
  assets: SessionAssets,
  options: ReadFlowOptions = {},
  visiting: Set<string> = new Set(),
): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const { occurrences } = flowDependencies(flow, assets);
  // a field only used in a template evaluates to empty text: worth a warning, not a refusal
  for (const missing of missingDependencyIssues(occurrences, assets)) {
    const onlyTemplate = missing.dependency?.type === 'field' && !/\.field$/.test(missing.path);
    issues.push(toFlowIssue(onlyTemplate ? { ...missing, severity: 'warning' } : missing));
  }
  visiting.add(flow.uuid);
  flow.nodes.forEach((node, n) =>
    node.actions.forEach((action, a) => {
      if (action.type !== 'enter_flow' || !isObject(action.flow) || typeof action.flow.uuid !== 'string') return;
      const childUuid = action.flow.uuid;
      if (visiting.has(childUuid)) return; // recursion into a flow already being checked
      const childJson = findFlowJson(assets, childUuid);
      if (childJson === undefined) return; // already reported as a missing dependency
      const child = readFlow(childJson, { ...options, assets: undefined });
      const childIssues = child.flow ? checkFlowAssets(child.flow, assets, options, visiting) : child.issues;
      if (hasErrors(childIssues)) {
        const first = childIssues.find((i) => i.severity === 'error')!;
        issues.push(
          issue('error', 'invalid_subflow', ['nodes', n, 'actions', a, 'flow'],
            `the flow "${String(action.flow.name)}" it enters has errors (first: ${first.message})`, node.uuid),
        );
      }
    }),
  );
  return issues;
}
