/**
 * The editor's entry for every case test of the engine (runtime/routers/cases/registry.ts), keyed by its type
 * string: what kind of inputs its arguments need, and the category name it suggests. Legacy tests
 * (`has_value`) are kept in flows but not offered for new rules.
 *
 *   CASE_UI['has_number_between'].args   → ['number', 'number']
 *   suggestCategoryName('has_any_word', ['yes y'])           → 'Yes'
 *   suggestCategoryName('has_number_between', ['1', '10'])   → '1 - 10'
 */
import { CASE_TESTS } from '../../../runtime/routers/cases/registry.js';

/** The input used for one argument of a case. `group` stores a group's uuid then its name. */
export type CaseArgKind = 'text' | 'number' | 'date' | 'group' | 'list';

/** Example: `{ args: ['number', 'number'] }` for has_number_between. */
export interface CaseUi {
  args: readonly CaseArgKind[];
  /** The category name suggested for a rule of this test with these arguments. */
  suggest: (args: readonly string[]) => string;
}

const firstWord = (args: readonly string[]) => capitalize((args[0] ?? '').trim().split(/[\s,]+/)[0] ?? '');
const wholeText = (args: readonly string[]) => capitalize((args[0] ?? '').trim());
const fixed = (name: string) => () => name;
const prefixed = (prefix: string) => (args: readonly string[]) => (args[0] ? `${prefix} ${args[0].trim()}` : '');

function capitalize(text: string): string {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : '';
}

export const CASE_UI: Readonly<Record<string, CaseUi>> = {
  has_any_word: { args: ['text'], suggest: firstWord },
  has_all_words: { args: ['text'], suggest: wholeText },
  has_phrase: { args: ['text'], suggest: wholeText },
  has_only_phrase: { args: ['text'], suggest: wholeText },
  has_only_text: { args: ['text'], suggest: wholeText },
  has_beginning: { args: ['text'], suggest: wholeText },
  has_pattern: { args: ['text'], suggest: fixed('Matches') },
  has_text: { args: [], suggest: fixed('Has Text') },
  has_number: { args: [], suggest: fixed('Has Number') },
  has_number_between: { args: ['number', 'number'], suggest: (args) => (args[0] && args[1] ? `${args[0].trim()} - ${args[1].trim()}` : '') },
  has_number_lt: { args: ['number'], suggest: prefixed('<') },
  has_number_lte: { args: ['number'], suggest: prefixed('≤') },
  has_number_gt: { args: ['number'], suggest: prefixed('>') },
  has_number_gte: { args: ['number'], suggest: prefixed('≥') },
  has_number_eq: { args: ['number'], suggest: prefixed('=') },
  has_date: { args: [], suggest: fixed('Has Date') },
  has_date_lt: { args: ['date'], suggest: prefixed('Before') },
  has_date_gt: { args: ['date'], suggest: prefixed('After') },
  has_date_eq: { args: ['date'], suggest: (args) => args[0]?.trim() ?? '' },
  has_time: { args: [], suggest: fixed('Has Time') },
  has_phone: { args: [], suggest: fixed('Has Phone') },
  has_email: { args: [], suggest: fixed('Has Email') },
  has_group: { args: ['group'], suggest: (args) => args[1]?.trim() ?? '' },
  has_category: { args: ['list'], suggest: wholeText },
  has_intent: { args: ['text', 'number'], suggest: wholeText },
  has_top_intent: { args: ['text', 'number'], suggest: wholeText },
  has_state: { args: [], suggest: fixed('Has State') },
  has_district: { args: ['text'], suggest: fixed('Has District') },
  has_ward: { args: ['text', 'text'], suggest: fixed('Has Ward') },
  has_error: { args: [], suggest: fixed('Error') },
  has_value: { args: [], suggest: fixed('Has Value') },
};

/** Case tests offered when adding a rule: every non-legacy test of the engine, in the registry's order. */
export function offeredCaseTypes(): string[] {
  return Object.values(CASE_TESTS)
    .filter((spec) => !spec.legacy)
    .map((spec) => spec.type);
}

/** The category name a rule suggests, cut to goflow's 36 characters; "" when the arguments are still empty. */
export function suggestCategoryName(type: string, args: readonly string[]): string {
  const ui = CASE_UI[type];
  const name = ui ? ui.suggest(args) : capitalize(type.replace(/^has_/, '').replace(/_/g, ' '));
  return name.slice(0, 36);
}

/**
 * The stored arguments of a case from the editor's inputs: a `group` argument becomes uuid + name,
 * a `list` argument is split on commas (has_category takes one category name per argument).
 */
export function caseArgumentsFromInputs(type: string, inputs: readonly string[], groups: readonly { uuid: string; name: string }[] = []): string[] {
  const kinds = CASE_UI[type]?.args ?? [];
  const out: string[] = [];
  kinds.forEach((kind, index) => {
    const value = inputs[index] ?? '';
    if (kind === 'group') {
      const group = groups.find((candidate) => candidate.uuid === value);
      out.push(value, group?.name ?? '');
    } else if (kind === 'list') {
      out.push(...value.split(',').map((part) => part.trim()).filter(Boolean));
    } else out.push(value);
  });
  const max = CASE_TESTS[type]?.maxArgs ?? out.length;
  const min = CASE_TESTS[type]?.minArgs ?? 0;
  // Optional trailing arguments (has_intent's confidence, has_ward's district) are dropped when empty.
  while (out.length > min && out[out.length - 1] === '') out.pop();
  return out.slice(0, max === Infinity ? out.length : max);
}
