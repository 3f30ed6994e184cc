/**
 * Test flows built in code (current spec), so each engine test shows the flow it runs.
 *
 *   const f = questionFlow({ question: 'Do you agree?', cases: [['has_any_word', ['yes'], 'Yes']] });
 */
import { uid } from './helpers.js';

export interface QuestionFlowOptions {
  name?: string;
  question: string;
  quickReplies?: string[];
  cases: [type: string, args: string[], category: string][];
  resultName?: string;
  timeoutSeconds?: number;
  after?: Record<string, string>;
  localization?: Record<string, Record<string, Record<string, string[]>>>;
}

/** A flow asking one question, routing the reply through cases, then sending "Got <category>". */
export function questionFlow(o: QuestionFlowOptions) {
  const sendUuid = uid();
  const askNode = uid();
  const waitNode = uid();
  const doneNode = uid();
  const categories = [...o.cases.map(([, , name]) => ({ uuid: uid(), name, exit_uuid: uid() })), { uuid: uid(), name: 'Other', exit_uuid: uid() }];
  const timeoutCategory = o.timeoutSeconds ? { uuid: uid(), name: 'No Response', exit_uuid: uid() } : null;
  const allCategories = timeoutCategory ? [...categories, timeoutCategory] : categories;
  const cases = o.cases.map(([type, args], i) => ({ uuid: uid(), type, arguments: args, category_uuid: categories[i]!.uuid }));
  const key = (o.resultName ?? 'Answer').toLowerCase();
  const flow = {
    uuid: uid(),
    name: o.name ?? 'Question',
    spec_version: '14.4.2',
    language: 'eng',
    type: 'messaging',
    revision: 1,
    expire_after_minutes: 60,
    localization: o.localization ?? {},
    nodes: [
      { uuid: askNode, actions: [{ uuid: sendUuid, type: 'send_msg', text: o.question, quick_replies: o.quickReplies ?? [] }], exits: [{ uuid: uid(), destination_uuid: waitNode }] },
      {
        uuid: waitNode,
        actions: [],
        router: {
          type: 'switch',
          operand: '@input.text',
          result_name: o.resultName ?? 'Answer',
          cases,
          categories: allCategories,
          default_category_uuid: categories[categories.length - 1]!.uuid,
          wait: { type: 'msg', ...(timeoutCategory ? { timeout: { seconds: o.timeoutSeconds, category_uuid: timeoutCategory.uuid } } : {}) },
        },
        exits: allCategories.map((c) => ({ uuid: c.exit_uuid, destination_uuid: doneNode })),
      },
      { uuid: doneNode, actions: [{ uuid: uid(), type: 'send_msg', text: `Got @results.${key}.category_localized (@results.${key}.category)` }], exits: [{ uuid: uid(), destination_uuid: null }] },
    ],
  };
  return { flow, ids: { sendUuid, askNode, waitNode, doneNode, categories, cases, timeoutCategory } };
}

/**
 * A survey of `questions` questions, one node each (the question, then a wait for a number 1-5), plus a
 * closing node: 6 nodes for 5 questions. Used for the session size check and the benchmark.
 */
export function surveyFlow(questions: number) {
  const ids = Array.from({ length: questions + 1 }, () => uid());
  const nodes: unknown[] = [];
  for (let q = 0; q < questions; q++) {
    const valid = uid();
    const other = uid();
    const exit = uid();
    nodes.push({
      uuid: ids[q],
      actions: [{ uuid: uid(), type: 'send_msg', text: `Question ${q + 1} for @contact.first_name: how many, 1 to 5?` }],
      router: {
        type: 'switch',
        operand: '@input.text',
        result_name: `Q${q + 1}`,
        cases: [{ uuid: uid(), type: 'has_number_between', arguments: ['1', '5'], category_uuid: valid }],
        categories: [{ uuid: valid, name: 'Valid', exit_uuid: exit }, { uuid: other, name: 'Other', exit_uuid: exit }],
        default_category_uuid: other,
        wait: { type: 'msg' },
      },
      exits: [{ uuid: exit, destination_uuid: ids[q + 1] }],
    });
  }
  nodes.push({ uuid: ids[questions], actions: [{ uuid: uid(), type: 'send_msg', text: 'Thanks @contact.first_name!' }], exits: [{ uuid: uid(), destination_uuid: null }] });
  return { uuid: uid(), name: 'Survey', spec_version: '14.4.2', language: 'eng', type: 'messaging', revision: 1, expire_after_minutes: 10080, localization: {}, nodes };
}
