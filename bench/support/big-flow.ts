/**
 * A large RapidPro-style export for editor benchmarks and tests: `nodeCount` steps laid out in rows, made of
 * messages, questions that wait for a reply and split on it ("Yes" / "No" / "Other", a "No reply" timeout),
 * and result saves, every exit leading further down the flow (the last ones end it). Deterministic: the
 * same count gives the same flow, uuids included.
 *
 * Example: `bigFlowExport(300).flows[0].nodes.length` → 300.
 */
export interface BigFlowExport {
  version: string;
  site: string;
  flows: Array<Record<string, unknown> & { uuid: string; name: string; nodes: Array<Record<string, unknown> & { uuid: string }> }>;
}

/** A stable, valid v4-shaped uuid from a number and a kind (0 node, 1 exit, 2 action, 3 category, 4 case, 5 flow). */
function uuidFor(kind: number, n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${hex}`;
}

export function bigFlowExport(nodeCount = 300): BigFlowExport {
  const nodes: BigFlowExport['flows'][number]['nodes'] = [];
  const ui: Record<string, unknown> = {};
  let exitCounter = 0;
  let otherCounter = 0;
  const next = (i: number, step: number) => (i + step < nodeCount ? uuidFor(0, i + step) : null);
  const exit = (destination: string | null) => ({ uuid: uuidFor(1, exitCounter++), destination_uuid: destination });
  const columns = 6;

  for (let i = 0; i < nodeCount; i++) {
    const uuid = uuidFor(0, i);
    const kind = i % 3; // 0 send, 1 ask + split, 2 save result
    if (kind === 1) {
      const exits = [exit(next(i, 1)), exit(next(i, 2)), exit(next(i, 1)), exit(next(i, 3))];
      const categories = ['Yes', 'No', 'Other', 'No Response'].map((name, c) => ({ uuid: uuidFor(3, i * 4 + c), name, exit_uuid: exits[c]!.uuid }));
      nodes.push({
        uuid,
        actions: [{ type: 'send_msg', uuid: uuidFor(2, otherCounter++), text: `Question ${i}: did you receive the supplies? Reply YES or NO.`, quick_replies: ['Yes', 'No'] }],
        router: {
          type: 'switch',
          operand: '@input.text',
          wait: { type: 'msg', timeout: { seconds: 86400, category_uuid: categories[3]!.uuid } },
          result_name: `Answer ${i}`,
          cases: [
            { uuid: uuidFor(4, i * 2), type: 'has_any_word', arguments: ['yes oui'], category_uuid: categories[0]!.uuid },
            { uuid: uuidFor(4, i * 2 + 1), type: 'has_any_word', arguments: ['no non'], category_uuid: categories[1]!.uuid },
          ],
          categories,
          default_category_uuid: categories[2]!.uuid,
        },
        exits,
      });
    } else if (kind === 2) {
      nodes.push({
        uuid,
        actions: [{ type: 'set_run_result', uuid: uuidFor(2, otherCounter++), name: `Checkpoint ${i}`, value: `@results.answer_${i - 1}`, category: '' }],
        exits: [exit(next(i, 1))],
      });
    } else {
      nodes.push({
        uuid,
        actions: [{ type: 'send_msg', uuid: uuidFor(2, otherCounter++), text: `Step ${i}: thank you, @contact.name. This is update number ${i} from the ministry.`, quick_replies: [] }],
        exits: [exit(next(i, 1))],
      });
    }
    ui[uuid] = { position: { left: (i % columns) * 320, top: Math.floor(i / columns) * 260 }, type: kind === 1 ? 'wait_for_response' : 'execute_actions' };
  }

  return {
    version: '13',
    site: 'https://kiunga.example.org',
    flows: [
      {
        uuid: uuidFor(5, nodeCount),
        name: `Big flow (${nodeCount} steps)`,
        spec_version: '13.1.0',
        language: 'eng',
        type: 'messaging',
        revision: 1,
        expire_after_minutes: 10080,
        localization: {},
        nodes,
        _ui: { nodes: ui, stickies: {} },
      },
    ],
  };
}
