/**
 * Flow definitions used by the messaging tests and the platform benchmark (current spec, real UUIDs).
 *
 * Example: `twoQuestionFlow({ timeoutSeconds: 60 })` → a flow asking "What is your name?" then "How old are you, <name>?".
 */

/** A deterministic UUID (version 4 layout) from a small number and a namespace digit. */
export function fixedUuid(n: number, ns = 1): string {
  return `0000000${ns}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export const TWO_QUESTION_FLOW_UUID = fixedUuid(1, 9);

/**
 * Two questions (name, then age) and a thank-you; the first wait may time out. With `initialWait`
 * the flow opens with a wait that the triggering keyword message answers (for keyword triggers).
 */
export function twoQuestionFlow(options: { timeoutSeconds?: number; uuid?: string; name?: string; initialWait?: boolean } = {}): Record<string, unknown> {
  const u = (n: number) => fixedUuid(n, 2);
  const firstWait: Record<string, unknown> = { type: 'msg' };
  const categories: Record<string, unknown>[] = [{ uuid: u(10), name: 'All Responses', exit_uuid: u(20) }];
  const exits: Record<string, unknown>[] = [{ uuid: u(20), destination_uuid: u(2) }];
  if (options.timeoutSeconds) {
    firstWait.timeout = { seconds: options.timeoutSeconds, category_uuid: u(11) };
    categories.push({ uuid: u(11), name: 'No Response', exit_uuid: u(21) });
    exits.push({ uuid: u(21), destination_uuid: u(4) });
  }
  const initial = options.initialWait
    ? [{
        uuid: u(7),
        actions: [],
        router: { type: 'switch', operand: '@input.text', result_name: 'Keyword', wait: { type: 'msg' }, cases: [], categories: [{ uuid: u(14), name: 'All Responses', exit_uuid: u(28) }], default_category_uuid: u(14) },
        exits: [{ uuid: u(28), destination_uuid: u(1) }],
      }]
    : [];
  return {
    uuid: options.uuid ?? TWO_QUESTION_FLOW_UUID,
    name: options.name ?? 'Two questions',
    spec_version: '14.4.2',
    language: 'eng',
    type: 'messaging',
    expire_after_minutes: 60 * 24,
    localization: { fra: { [u(30)]: { text: ['Quel est votre nom ?'] } } },
    // As RapidPro's editor makes them: each question is an action node followed by a wait node (a flow
    // started by a keyword skips a wait in its very first node, using the keyword message as the answer).
    nodes: [
      ...initial,
      { uuid: u(1), actions: [{ uuid: u(30), type: 'send_msg', text: 'What is your name?' }], exits: [{ uuid: u(26), destination_uuid: u(5) }] },
      {
        uuid: u(5),
        actions: [],
        router: { type: 'switch', operand: '@input.text', result_name: 'Name', wait: firstWait, cases: [], categories, default_category_uuid: u(10) },
        exits,
      },
      { uuid: u(2), actions: [{ uuid: u(31), type: 'send_msg', text: 'How old are you, @results.name?' }], exits: [{ uuid: u(27), destination_uuid: u(6) }] },
      {
        uuid: u(6),
        actions: [],
        router: {
          type: 'switch', operand: '@input.text', result_name: 'Age', wait: { type: 'msg' },
          cases: [{ uuid: u(40), type: 'has_number', arguments: [], category_uuid: u(12) }],
          categories: [{ uuid: u(12), name: 'Number', exit_uuid: u(22) }, { uuid: u(13), name: 'Other', exit_uuid: u(23) }],
          default_category_uuid: u(13),
        },
        exits: [{ uuid: u(22), destination_uuid: u(3) }, { uuid: u(23), destination_uuid: u(3) }],
      },
      { uuid: u(3), actions: [{ uuid: u(32), type: 'send_msg', text: 'Thank you @results.name, age @results.age.' }], exits: [{ uuid: u(24), destination_uuid: null }] },
      { uuid: u(4), actions: [{ uuid: u(33), type: 'send_msg', text: 'We will ask again later.' }], exits: [{ uuid: u(25), destination_uuid: null }] },
    ],
  };
}
