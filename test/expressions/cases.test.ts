/**
 * Router case tests: goflow's documented examples (run as expression functions, exactly as goflow
 * registers them), the registry's type names and arities, and runCaseTest as routers call it.
 */
import { describe, expect, it } from 'vitest';
import { evaluateTemplate, xText, XError, XObject, toText } from '../../runtime/expressions/index.js';
import { CASE_TESTS, caseArityError, isMatch, runCaseTest } from '../../runtime/routers/cases/registry.js';
import { CONTEXT, LOCATIONS, docsEnv } from './helpers.js';

const ERROR = Symbol('error');
type Row = [template: string, expected: string | typeof ERROR];

const env = docsEnv({ locations: LOCATIONS });

const ROWS: Row[] = [
  ['@(has_only_text("foo", "foo"))', 'true'],
  ['@(has_only_text("foo", "foo").match)', 'foo'],
  ['@(has_only_text("foo", "FOO"))', 'false'],
  ['@(has_only_text("foo", " foo "))', 'false'],
  ['@(has_only_text(run.status, "completed").match)', 'completed'],
  ['@(has_only_text(results.webhook.category, "Success").match)', 'Success'],
  ['@(has_only_text(results.webhook.category, "Failure"))', 'false'],
  ['@(has_error(datetime("foo")))', 'true'],
  ['@(has_error(datetime("foo")).match)', 'error calling datetime(...): unable to convert "foo" to a datetime'],
  ['@(has_error(run.not.existing).match)', "object has no property 'not'"],
  ['@(has_error(contact.fields.unset).match)', "object has no property 'unset'"],
  ['@(has_error("hello"))', 'false'],
  ['@(has_group(contact.groups, "b7cf0d83-f1c9-411c-96fd-c511a4cfa86d").match)', '{name: Testers, uuid: b7cf0d83-f1c9-411c-96fd-c511a4cfa86d}'],
  ['@(has_group(array(), "97fe7029-3a15-4005-b0c7-277b884fc1d5"))', 'false'],
  ['@(has_phrase("the quick brown fox", "brown fox"))', 'true'],
  ['@(has_phrase("the quick brown fox", "brown fox").match)', 'brown fox'],
  ['@(has_phrase("the Quick Brown fox", "quick fox"))', 'false'],
  ['@(has_phrase("the Quick Brown fox", "").match)', ''],
  ['@(has_all_words("the quick brown FOX", "the fox"))', 'true'],
  ['@(has_all_words("the quick brown FOX", "the fox").match)', 'the FOX'],
  ['@(has_all_words("the quick brown fox", "red fox"))', 'false'],
  ['@(has_any_word("The Quick Brown Fox", "fox quick"))', 'true'],
  ['@(has_any_word("The Quick Brown Fox", "fox quick").match)', 'Quick Fox'],
  ['@(has_any_word("The Quick Brown Fox", "red fox").match)', 'Fox'],
  ['@(has_only_phrase("Quick Brown", "quick brown"))', 'true'],
  ['@(has_only_phrase("Quick Brown", "quick brown").match)', 'Quick Brown'],
  ['@(has_only_phrase("The Quick Brown Fox", "quick brown"))', 'false'],
  ['@(has_only_phrase("the Quick Brown fox", ""))', 'false'],
  ['@(has_only_phrase("", "").match)', ''],
  ['@(has_text("quick brown"))', 'true'],
  ['@(has_text("quick brown").match)', 'quick brown'],
  ['@(has_text(""))', 'false'],
  ['@(has_text(" \\n"))', 'false'],
  ['@(has_text(123).match)', '123'],
  ['@(has_text(contact.fields.not_set))', ERROR],
  ['@(has_value("hello"))', 'true'],
  ['@(has_beginning("The Quick Brown", "the quick"))', 'true'],
  ['@(has_beginning("The Quick Brown", "the quick").match)', 'The Quick'],
  ['@(has_beginning("The Quick Brown", "the   quick"))', 'false'],
  ['@(has_beginning("The Quick Brown", "quick brown"))', 'false'],
  ['@(has_pattern("Buy cheese please", "buy (\\w+)"))', 'true'],
  ['@(has_pattern("Buy cheese please", "buy (\\w+)").match)', 'Buy cheese'],
  ['@(has_pattern("Buy cheese please", "buy (\\w+)").extra)', '{0: Buy cheese, 1: cheese}'],
  ['@(has_pattern("Sell cheese please", "buy (\\w+)"))', 'false'],
  ['@(has_pattern("abc", "[\\."))', ERROR],
  ['@(has_number("the number is 42"))', 'true'],
  ['@(has_number("the number is 42").match)', '42'],
  ['@(has_number("the number is forty two"))', 'false'],
  ['@(has_number("my balance is -12.50 today").match)', '-12.5'],
  ['@(has_number("it costs 1,500 shillings").match)', '1500'],
  ['@(has_number("about .5 litres").match)', '0.5'],
  ['@(has_number_between("the number is 42", 40, 44))', 'true'],
  ['@(has_number_between("the number is 42", 40, 44).match)', '42'],
  ['@(has_number_between("the number is 42", 50, 60))', 'false'],
  ['@(has_number_between("the number is not there", 50, 60))', 'false'],
  ['@(has_number_between("the number is not there", "foo", 60))', ERROR],
  ['@(has_number_lt("the number is 42", 44))', 'true'],
  ['@(has_number_lt("the number is 42", 44).match)', '42'],
  ['@(has_number_lt("the number is 42", 40))', 'false'],
  ['@(has_number_lt("the number is not there", "foo"))', ERROR],
  ['@(has_number_lte("the number is 42", 42))', 'true'],
  ['@(has_number_lte("the number is 42", 40))', 'false'],
  ['@(has_number_eq("the number is 42", 42))', 'true'],
  ['@(has_number_eq("the number is 42", 40))', 'false'],
  ['@(has_number_eq("the number is 42.0", 42).match)', '42'],
  ['@(has_number_gte("the number is 42", 42))', 'true'],
  ['@(has_number_gte("the number is 42", 45))', 'false'],
  ['@(has_number_gt("the number is 42", 40).match)', '42'],
  ['@(has_number_gt("the number is 42", 42))', 'false'],
  ['@(has_number_gt("the numbers are 12 and 50", 40).match)', '50'],
  ['@(has_date("the date is 15/01/2017"))', 'true'],
  ['@(has_date("the date is 15/01/2017").match)', '2017-01-15T13:24:30.123000-05:00'],
  ['@(has_date("there is no date here, just a year 2017"))', 'false'],
  ['@(has_date_lt("the date is 15/01/2017", "2017-06-01"))', 'true'],
  ['@(has_date_lt("the date is 15/01/2017", "2017-06-01").match)', '2017-01-15T13:24:30.123000-05:00'],
  ['@(has_date_lt("there is no date here, just a year 2017", "2017-06-01"))', 'false'],
  ['@(has_date_lt("there is no date here, just a year 2017", "not date"))', ERROR],
  ['@(has_date_eq("the date is 15/01/2017", "2017-01-15"))', 'true'],
  ['@(has_date_eq("the date is 15/01/2017 15:00", "2017-01-15").match)', '2017-01-15T15:00:00.000000-05:00'],
  ['@(has_date_eq("there is no date here, just a year 2017", "not date"))', ERROR],
  ['@(has_date_gt("the date is 15/01/2017", "2017-01-01"))', 'true'],
  ['@(has_date_gt("the date is 15/01/2017", "2017-03-15"))', 'false'],
  ['@(has_time("the time is 10:30"))', 'true'],
  ['@(has_time("the time is 10:30").match)', '10:30:00.000000'],
  ['@(has_time("the time is 10 PM").match)', '22:00:00.000000'],
  ['@(has_time("the time is 10:30:45").match)', '10:30:45.000000'],
  ['@(has_time("there is no time here, just the number 25"))', 'false'],
  ['@(has_email("my email is foo1@bar.com, please respond"))', 'true'],
  ['@(has_email("my email is foo1@bar.com, please respond").match)', 'foo1@bar.com'],
  ['@(has_email("my email is <foo@bar2.com>").match)', 'foo@bar2.com'],
  ["@(has_email(\"i'm not sharing my email\"))", 'false'],
  ['@(has_phone("my number is +12067799294 thanks"))', 'true'],
  ['@(has_phone("my number is +12067799294").match)', '+12067799294'],
  ['@(has_phone("my number is 2067799294", "US").match)', '+12067799294'],
  ['@(has_phone("my number is 206 779 9294", "US").match)', '+12067799294'],
  ['@(has_phone("my number is 206 779 9294").match)', '+12067799294'],
  ['@(has_phone("call 0788 123 123", "RW").match)', '+250788123123'],
  ['@(has_phone("my number is none of your business", "US"))', 'false'],
  ['@(has_category(results.webhook, "Success", "Failure"))', 'true'],
  ['@(has_category(results.webhook, "Success", "Failure").match)', 'Success'],
  ['@(has_category(results.webhook, "Failure"))', 'false'],
  ['@(has_category("not a result", "Failure"))', ERROR],
  ['@(has_intent(results.intent, "book_flight", 0.5))', 'true'],
  ['@(has_intent(results.intent, "book_hotel", 0.2))', 'true'],
  ['@(has_intent(results.intent, "book_hotel", 0.2).extra)', '{location: Quito}'],
  ['@(has_intent(results.intent, "book_hotel", 0.3))', 'false'],
  ['@(has_top_intent(results.intent, "book_flight", 0.5))', 'true'],
  ['@(has_top_intent(results.intent, "book_flight", 0.5).match)', 'book_flight'],
  ['@(has_top_intent(results.intent, "book_hotel", 0.2))', 'false'],
  ['@(has_state("Kigali").match)', 'Rwanda > Kigali City'],
  ['@(has_state("¡Kigali!").match)', 'Rwanda > Kigali City'],
  ['@(has_state("I live in Kigali").match)', 'Rwanda > Kigali City'],
  ['@(has_state("I live in kigali city").match)', 'Rwanda > Kigali City'],
  ['@(has_state("Boston"))', 'false'],
  ['@(has_district("Gasabo", "Kigali").match)', 'Rwanda > Kigali City > Gasabo'],
  ['@(has_district("I live in Gasabo", "Kigali").match)', 'Rwanda > Kigali City > Gasabo'],
  ['@(has_district("Gasabo", "Boston"))', 'false'],
  ['@(has_district("Gasabo").match)', 'Rwanda > Kigali City > Gasabo'],
  ['@(has_ward("Gisozi", "Gasabo", "Kigali").match)', 'Rwanda > Kigali City > Gasabo > Gisozi'],
  ['@(has_ward("I live in Gisozi", "Gasabo", "Kigali").match)', 'Rwanda > Kigali City > Gasabo > Gisozi'],
  ['@(has_ward("Gisozi", "Gasabo", "Brooklyn"))', 'false'],
  ['@(has_ward("Gisozi", "Brooklyn", "Kigali"))', 'false'],
  ['@(has_ward("Brooklyn", "Gasabo", "Kigali"))', 'false'],
  ['@(has_ward("Gasabo"))', 'false'],
  ['@(has_ward("Gisozi").match)', 'Rwanda > Kigali City > Gasabo > Gisozi'],
  ['@(has_ward("Nyamirambo"))', 'false'],
  ['@(has_ward("Gisozi", "Gasabo"))', ERROR],
];

describe('case tests as expression functions (goflow examples)', () => {
  it.each(ROWS)('%s', (template, expected) => {
    const result = evaluateTemplate(template, CONTEXT, env);
    if (expected === ERROR) {
      expect(result.errors.length, `expected an error, got ${JSON.stringify(result.text)}`).toBeGreaterThan(0);
    } else {
      expect(result.errors).toEqual([]);
      expect(result.text).toBe(expected);
    }
  });

  it('covers every registered case test', () => {
    const used = new Set(ROWS.flatMap(([t]) => [...t.matchAll(/(has_[a-z_]+)\(/g)].map((m) => m[1])));
    expect(Object.keys(CASE_TESTS).filter((t) => !used.has(t))).toEqual([]);
  });
});

describe('word matching is case- and accent-insensitive', () => {
  const rows: [string, string, string, string | null][] = [
    // [test, input, argument, expected match or null]
    ['has_any_word', 'ARRÊT', 'arret', 'ARRÊT'],
    ['has_any_word', 'arret', 'ARRÊT', 'arret'],
    ['has_any_word', 'Je veux ARRÊTER', 'arret', null],
    ['has_any_word', 'YeS please', 'yes no', 'YeS'],
    ['has_any_word', 'ok 👍', '👍', '👍'],
    ['has_all_words', 'Niño Café', 'cafe nino', 'Niño Café'],
    ['has_phrase', 'je dis ÇA VA bien', 'ca va', 'ÇA VA'],
    ['has_only_phrase', '  Stop  ', 'STOP', 'Stop'],
    ['has_only_phrase', 'stop now', 'stop', null],
    ['has_beginning', 'Ndiyo nataka', 'NDIYO', 'Ndiyo'],
    ['has_beginning', 'Éxito total', 'exito', 'Éxito'],
  ];
  it.each(rows)('%s(%j, %j)', (type, input, arg, match) => {
    const result = runCaseTest(env, type, xText(input), [xText(arg)]);
    expect(isMatch(result)).toBe(match !== null);
    if (match !== null) expect(toText((result as XObject).get('match') ?? null, env)).toBe(match);
  });
});

describe('case registry', () => {
  it('defines goflow\'s current case test types with their case argument counts', () => {
    const arities = Object.fromEntries(Object.values(CASE_TESTS).map((s) => [s.type, [s.minArgs, s.maxArgs]]));
    expect(arities).toEqual({
      has_any_word: [1, 1], has_all_words: [1, 1], has_phrase: [1, 1], has_only_phrase: [1, 1], has_beginning: [1, 1],
      has_text: [0, 0], has_only_text: [1, 1], has_pattern: [1, 1], has_number: [0, 0], has_number_eq: [1, 1],
      has_number_lt: [1, 1], has_number_lte: [1, 1], has_number_gt: [1, 1], has_number_gte: [1, 1],
      has_number_between: [2, 2], has_date: [0, 0], has_date_eq: [1, 1], has_date_lt: [1, 1], has_date_gt: [1, 1],
      has_time: [0, 0], has_email: [0, 0], has_phone: [0, 1], has_group: [1, 2], has_category: [1, Infinity],
      has_error: [0, 0], has_value: [0, 0], has_intent: [2, 2], has_top_intent: [2, 2], has_state: [0, 0],
      has_district: [0, 1], has_ward: [0, 2],
    });
    expect(CASE_TESTS.has_value.legacy).toBe(true);
    expect(CASE_TESTS.has_text.legacy).toBe(false);
  });

  it('rejects unknown types and wrong argument counts with clear errors', () => {
    expect((runCaseTest(env, 'has_icecream', xText('x'), []) as XError).message).toBe("unknown case test type 'has_icecream'");
    expect((runCaseTest(env, 'has_number_between', xText('5'), [xText('1')]) as XError).message).toBe(
      'has_number_between needs 2 argument(s), got 1',
    );
    expect(caseArityError(CASE_TESTS.has_category, 0)).toBe('has_category needs at least 1 argument(s), got 0');
    expect(caseArityError(CASE_TESTS.has_phone, 3)).toBe('has_phone needs 0 to 1 argument(s), got 3');
  });

  it('runs with the operand and evaluated arguments as routers call it', () => {
    const r = runCaseTest(env, 'has_number_between', xText('I am 25 years'), [xText('18'), xText('30')]);
    expect(isMatch(r)).toBe(true);
    expect(toText((r as XObject).get('match') ?? null, env)).toBe('25');
    expect(isMatch(runCaseTest(env, 'has_number_between', xText('I am 5'), [xText('18'), xText('30')]))).toBe(false);
  });

  it('parses dates with the environment date format', () => {
    const dmy = docsEnv();
    const mdy = docsEnv({ dateFormat: 'MM-DD-YYYY' });
    const d1 = runCaseTest(dmy, 'has_date_eq', xText('12/1/2020'), [xText('2020-01-12')]);
    const d2 = runCaseTest(mdy, 'has_date_eq', xText('12/1/2020'), [xText('2020-12-01')]);
    expect(isMatch(d1)).toBe(true);
    expect(isMatch(d2)).toBe(true);
  });

  it('uses the environment number format', () => {
    const comma = docsEnv({ numberFormat: { decimalSymbol: ',', digitGroupingSymbol: '.' } });
    const r = runCaseTest(comma, 'has_number', xText('it costs 1.234,5 francs'), []);
    expect(toText((r as XObject).get('match') ?? null, comma)).toBe('1234.5');
  });

  it('reports a missing location hierarchy', () => {
    const r = runCaseTest(docsEnv(), 'has_state', xText('Kigali'), []);
    expect((r as XError).message).toBe("can't find locations in environment which is not location enabled");
  });
});
