/**
 * Plain-language names of router case tests, for messages a program officer reads
 * (`"has_number_between" (is a number between) needs 2 arguments`). Unknown tests fall back to their type.
 */
const LABELS: Record<string, string> = {
  has_any_word: 'has any of the words',
  has_all_words: 'has all of the words',
  has_phrase: 'has the phrase',
  has_only_phrase: 'has only the phrase',
  has_beginning: 'starts with',
  has_text: 'has some text',
  has_only_text: 'is exactly',
  has_pattern: 'matches the regular expression',
  has_number: 'has a number',
  has_number_eq: 'is a number equal to',
  has_number_lt: 'is a number below',
  has_number_lte: 'is a number at most',
  has_number_gt: 'is a number above',
  has_number_gte: 'is a number at least',
  has_number_between: 'is a number between',
  has_date: 'has a date',
  has_date_eq: 'is a date equal to',
  has_date_lt: 'is a date before',
  has_date_gt: 'is a date after',
  has_time: 'has a time',
  has_email: 'has an email address',
  has_phone: 'has a phone number',
  has_group: 'is in the group',
  has_category: 'has the category',
  has_error: 'is an error',
  has_value: 'has a value',
  has_intent: 'has the intent',
  has_top_intent: 'has the top intent',
  has_state: 'has a state',
  has_district: 'has a district',
  has_ward: 'has a ward',
};

export function caseTestLabel(type: string): string {
  const label = LABELS[type];
  return label ? `"${type}" (${label})` : `"${type}"`;
}
