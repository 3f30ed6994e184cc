/**
 * The questions a flow asks, read from its definition: one per result (a router's `result_name` or a
 * `set_run_result` action), with the answer type the router's cases imply. The Questionnaire and
 * QuestionnaireResponse builders both work from this list, so their items always line up.
 *
 *   flowQuestions(flow)
 *   // [{ key: 'weight', name: 'Weight', type: 'decimal', nodeUuid: '…' },
 *   //  { key: 'stock', name: 'Stock', type: 'open-choice', options: [{ code: 'yes', display: 'Yes' }, …] }]
 */
import type { Flow, FlowNode, SwitchRouter } from '../definition/types.js';
import { snakify } from '../definition/snakify.js';

/** A FHIR Questionnaire item type Kiunga produces. */
export type QuestionType = 'string' | 'decimal' | 'integer' | 'date' | 'time' | 'choice' | 'open-choice';

/** One answer option of a choice question. Example: `{ code: 'in_stock', display: 'In Stock' }`. */
export interface QuestionOption {
  code: string;
  display: string;
}

/** Example: `{ key: 'stock', name: 'Stock', type: 'choice', nodeUuid: '…', options: [{ code: 'yes', display: 'Yes' }] }`. */
export interface FlowQuestion {
  /** The result key (`@results.<key>`), used as the item's linkId. */
  key: string;
  name: string;
  type: QuestionType;
  /** The node that saves the result (the code system of its options is derived from it). */
  nodeUuid: string;
  options?: QuestionOption[];
}

const NUMBER_TESTS = new Set(['has_number', 'has_number_between', 'has_number_eq', 'has_number_gt', 'has_number_gte', 'has_number_lt', 'has_number_lte']);
const DATE_TESTS = new Set(['has_date', 'has_date_eq', 'has_date_gt', 'has_date_lt']);
const INTEGER_ARGUMENT = /^-?\d+$/;

/** The code of a category in a choice question. Example: `'Out of stock'` → `'out_of_stock'`. */
export function categoryCode(name: string): string {
  return snakify(name) || 'category';
}

function switchQuestionType(router: SwitchRouter): { type: QuestionType; options?: QuestionOption[] } {
  const cases = router.cases ?? [];
  if (cases.length === 0) return { type: 'string' };
  if (cases.every((c) => NUMBER_TESTS.has(c.type))) {
    // integer only when the flow's own bounds are whole numbers ("between 0 and 20"); a bare has_number takes decimals
    const args = cases.flatMap((c) => c.arguments ?? []);
    const integer = args.length > 0 && cases.every((c) => (c.arguments ?? []).length > 0) && args.every((a) => INTEGER_ARGUMENT.test(a.trim()));
    return { type: integer ? 'integer' : 'decimal' };
  }
  if (cases.every((c) => DATE_TESTS.has(c.type))) return { type: 'date' };
  if (cases.every((c) => c.type === 'has_time')) return { type: 'time' };
  const caseCategories = new Set(cases.map((c) => c.category_uuid));
  const timeoutCategory = router.wait?.type === 'msg' ? router.wait.timeout?.category_uuid : undefined;
  const options = router.categories
    .filter((c) => caseCategories.has(c.uuid) && c.uuid !== timeoutCategory)
    .map((c) => ({ code: categoryCode(c.name), display: c.name }));
  if (options.length < 2) return { type: 'string' };
  // a default category ("Other") means any free text may be the answer: open-choice keeps it as text
  return { type: router.default_category_uuid ? 'open-choice' : 'choice', options };
}

function nodeQuestions(node: FlowNode): FlowQuestion[] {
  const out: FlowQuestion[] = [];
  for (const action of node.actions) {
    if (action.type === 'set_run_result' && typeof action.name === 'string' && action.name) {
      out.push({ key: snakify(action.name), name: action.name, type: 'string', nodeUuid: node.uuid });
    }
  }
  const router = node.router;
  if (router?.result_name) {
    const typed = router.type === 'switch' ? switchQuestionType(router) : { type: 'string' as const };
    out.push({ key: snakify(router.result_name), name: router.result_name, nodeUuid: node.uuid, ...typed });
  }
  return out;
}

/** Every result the flow can save, in node order; a result saved in several places keeps its first definition. */
export function flowQuestions(flow: Flow): FlowQuestion[] {
  const seen = new Map<string, FlowQuestion>();
  for (const node of flow.nodes) {
    for (const q of nodeQuestions(node)) if (q.key && !seen.has(q.key)) seen.set(q.key, q);
  }
  return [...seen.values()];
}
