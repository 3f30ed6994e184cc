/**
 * The problems of the flow being edited, computed in the browser on every change with the engine's own
 * reader and inspector (no server round trip): validation errors from `readFlow` and, once the flow reads,
 * the editor checks of `inspectFlow` (dangling exits, missing translations, loops without a wait, invalid
 * expressions), and messages sent outside WhatsApp's 24-hour window (./whatsapp-window.ts). Errors block
 * publishing; warnings do not. Numbers need no translation: a rule's "0" / "10" or a category named "18-45"
 * raise no “missing translation” warning (./translations.ts `languageNeutralPaths`).
 *
 *   const issues = liveIssues(flow, ['eng', 'fra']);
 *   // [{ severity: 'warning', code: 'dangling_exit', nodeUuid: '46d5…', message: 'nodes[0].exits[1]: …' }]
 */
import type { Flow } from '../../../runtime/definition/types.js';
import { readFlow } from '../../../runtime/definition/read.js';
import { inspectFlow } from '../../../runtime/inspect/inspect.js';
import type { IssueView } from '../../flows/issues-list.js';
import { whatsappWindowIssues } from './whatsapp-window.js';
import { languageNeutralPaths } from './translations.js';

/** The node a path like `nodes[3].router.cases[1]` points into, when the issue does not name it. */
function nodeOfPath(flow: Flow, path: string | undefined): string | undefined {
  const match = path ? /^nodes\[(\d+)\]/.exec(path) : null;
  return match ? flow.nodes[Number(match[1])]?.uuid : undefined;
}

export function liveIssues(flow: Flow, languages: readonly string[] = []): IssueView[] {
  // readFlow migrates and normalizes in place: give it a copy so the editor's state is never touched.
  const read = readFlow(structuredClone(flow));
  const issues: IssueView[] = read.issues.map((issue) => ({ ...issue, nodeUuid: issue.nodeUuid ?? nodeOfPath(flow, issue.path) }));
  // The editor checks also run while the flow has errors (a half-filled step must not hide an exit leading
  // nowhere elsewhere); on a flow too broken to inspect, the reader's errors are enough.
  const others = languages.filter((language) => language !== flow.language);
  try {
    const inspected = read.flow ?? structuredClone(flow);
    const neutral = languageNeutralPaths(inspected);
    for (const issue of inspectFlow(inspected, null, { languages: others.length ? [flow.language, ...others] : undefined }).issues) {
      if (issue.code === 'missing_translation' && issue.path && neutral.has(issue.path)) continue;
      issues.push({ severity: issue.severity, path: issue.path, message: issue.message, code: issue.code, nodeUuid: issue.nodeUuid ?? issue.node_uuid });
    }
  } catch (failure) {
    // Only a flow the reader accepted must inspect cleanly; say so rather than show a silently short list.
    if (read.flow) {
      const detail = failure instanceof Error ? failure.message : String(failure);
      issues.push({ severity: 'warning', path: '', code: 'inspection_failed', message: `the editor checks could not run: ${detail}` });
    }
  }
  issues.push(...whatsappWindowIssues(flow));
  return issues;
}

export function hasBlockingErrors(issues: readonly IssueView[]): boolean {
  return issues.some((issue) => issue.severity === 'error');
}
