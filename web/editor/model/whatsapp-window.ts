/**
 * WhatsApp's 24-hour window: a business may send free-form messages only within 24 hours of the contact's
 * last message; later, only approved templates are delivered. A message reached after a reply timeout
 * (“No reply after …”) is sent at least that long after the contact last wrote, and timeouts in a row add
 * up. This finds the messages a flow could send more than 24 hours after the last reply.
 *
 *   whatsappWindowIssues(flow)
 *   // [{ severity: 'warning', code: 'whatsapp_24h', nodeUuid: '5f2c…', path: 'nodes[3]', message: 'this message is sent at least 2 d …' }]
 */
import type { Flow, FlowNode } from '../../../runtime/definition/types.js';
import type { IssueView } from '../../flows/issues-list.js';

export const WHATSAPP_WINDOW_SECONDS = 24 * 3600;

/** A send_msg without a WhatsApp template (templates are allowed outside the window). */
function freeFormMessage(node: FlowNode): boolean {
  return node.actions.some((action) => action.type === 'send_msg' && !action.template);
}

/** The destination of the exit a wait's timeout leads to, with the timeout's length. */
function timeoutTarget(node: FlowNode): { seconds: number; destination: string } | null {
  const router = node.router;
  const timeout = router?.wait?.type === 'msg' ? router.wait.timeout : undefined;
  if (!router || !timeout || !(timeout.seconds > 0)) return null;
  const exitUuid = router.categories.find((category) => category.uuid === timeout.category_uuid)?.exit_uuid;
  const destination = node.exits.find((exit) => exit.uuid === exitUuid)?.destination_uuid;
  return destination ? { seconds: timeout.seconds, destination } : null;
}

function describeDuration(seconds: number): string {
  return seconds % 86400 === 0 ? `${seconds / 86400} d` : `${Math.round((seconds / 3600) * 10) / 10} h`;
}

export function whatsappWindowIssues(flow: Flow): IssueView[] {
  const index = new Map(flow.nodes.map((node, at) => [node.uuid, at]));
  const byUuid = new Map(flow.nodes.map((node) => [node.uuid, node]));
  // The longest silence found before each node's messages (one issue per node, with the worst case).
  const worst = new Map<string, number>();

  function walk(start: string, silence: number) {
    // Longest silence seen per node on this walk: revisiting with less adds nothing (and stops loops).
    const seen = new Map<string, number>();
    const stack: [string, number][] = [[start, silence]];
    while (stack.length) {
      const [uuid, elapsed] = stack.pop()!;
      const node = byUuid.get(uuid);
      if (!node || (seen.get(uuid) ?? -1) >= elapsed) continue;
      seen.set(uuid, elapsed);
      if (elapsed > WHATSAPP_WINDOW_SECONDS && freeFormMessage(node)) worst.set(uuid, Math.max(worst.get(uuid) ?? 0, elapsed));
      if (node.router?.wait) {
        // A reply opens a new window; only another timeout keeps the silence going (and longer).
        const next = timeoutTarget(node);
        if (next) stack.push([next.destination, elapsed + next.seconds]);
        continue;
      }
      for (const exit of node.exits) if (exit.destination_uuid) stack.push([exit.destination_uuid, elapsed]);
    }
  }

  for (const node of flow.nodes) {
    const next = timeoutTarget(node);
    if (next) walk(next.destination, next.seconds);
  }

  return [...worst].map(([uuid, seconds]) => ({
    severity: 'warning' as const,
    code: 'whatsapp_24h',
    nodeUuid: uuid,
    path: `nodes[${index.get(uuid)}]`,
    message: `on WhatsApp, this message is sent at least ${describeDuration(seconds)} after the contact's last reply (no reply before the timeouts on the way); outside the 24-hour window WhatsApp only delivers approved templates`,
  }));
}
