/**
 * The shipped FAQ training set (flows-library/faq/training.json), parsed, for the NLP tests.
 * Example: `const set = faqTrainingSet(); set.examples.length` → 504.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseTrainingSet, type TrainingSet } from '../../server/nlp/training-set.js';

export const FAQ_PATH = path.resolve(import.meta.dirname, '../../flows-library/faq/training.json');

export function faqJson(): unknown {
  return JSON.parse(fs.readFileSync(FAQ_PATH, 'utf8'));
}

export function faqTrainingSet(): TrainingSet {
  return parseTrainingSet(faqJson());
}

/**
 * The tail shared by the FAQ test flows: node u(20) classifies the last answer (call_classifier) and splits
 * on has_top_intent (Stock / Vaccine / Not understood / Other); node u(30) replies "<category> / <intent>".
 */
export function faqRoutingNodes(u: (n: number) => string, classifierUuid: string): Record<string, unknown>[] {
  const routes = [['stock_out', 'Stock'], ['vaccine_schedule', 'Vaccine'], ['none', 'Not understood']] as const;
  const categories = [...routes.map(([, name], i) => ({ uuid: u(100 + i), name, exit_uuid: u(200 + i) })), { uuid: u(199), name: 'Other', exit_uuid: u(299) }];
  return [
    {
      uuid: u(20),
      actions: [{ uuid: u(21), type: 'call_classifier', classifier: { uuid: classifierUuid, name: 'Health FAQ' }, input: '@input.text', result_name: 'Intent' }],
      router: {
        type: 'switch', operand: '@results.intent', result_name: 'Topic',
        cases: routes.map(([intent], i) => ({ uuid: u(300 + i), type: 'has_top_intent', arguments: [intent, '0.5'], category_uuid: u(100 + i) })),
        categories, default_category_uuid: u(199),
      },
      exits: categories.map((c) => ({ uuid: c.exit_uuid, destination_uuid: u(30) })),
    },
    { uuid: u(30), actions: [{ uuid: u(31), type: 'send_msg', text: '@results.topic.category / @results.intent.value' }], exits: [{ uuid: u(32), destination_uuid: null }] },
  ];
}
