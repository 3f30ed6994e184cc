/**
 * Template scanning, operators, lookups and error messages, following goflow's evaluator tests.
 */
import { describe, expect, it } from 'vitest';
import {
  evaluateExpression, evaluateTemplate, evaluateTemplateValue, inspectTemplate, toText, xArray, xDateTime, xNumber, xObject, XArray,
  XError, XNumber, XText, XBoolean,
} from '../../runtime/expressions/index.js';
import { docsEnv } from './helpers.js';

const env = docsEnv();

const CONTEXT = {
  string1: 'foo',
  string2: 'bar',
  _special: '🐒',
  汉字: 'simplified chinese',
  int1: 1,
  int2: 2,
  dec1: xNumber('1.5'),
  dec2: xNumber('2.5'),
  words: 'one two three',
  array1: ['one', 'two', 'three'],
  array2d: [['a', 'b', 'c'], ['one', 'two', 'three']],
  thing: { foo: 'bar', zed: 123, missing: null },
  object1: { __default__: '123', foo: 123 },
  object2: { __default__: '', foo: 234 },
  contact: { __default__: 'Ryan Lewis', name: 'Ryan Lewis', fields: { age: 23 } },
  results: { color: { __default__: 'red', value: 'red', category: 'Red' } },
  parent: null,
};

type Row = [template: string, expected: string, hasError?: boolean];

const TEMPLATE_ROWS: Row[] = [
  ['hello world', 'hello world'],
  ['@("hello\\nworld")', 'hello\nworld'],
  ['@("\\"hello\\nworld\\"")', '"hello\nworld"'],
  ['@("hello😁world")', 'hello😁world'],
  ['@("hello\\U0001F601world")', 'hello😁world'],
  ['@("\\u00a9 \\u00ae \\u2764")', '© ® ❤'],
  ['@(title("hello"))', 'Hello'],
  ['@(title(hello))', '', true],
  ['Hello @(title(string1))', 'Hello Foo'],
  ['Hello @@string1', 'Hello @string1'],
  ['Hello @(_special)', 'Hello 🐒'],
  ['Hello @_special', 'Hello 🐒'],
  ['@(Title)', 'title'],
  ['@((title)("xyz"))', 'Xyz'],
  ['@(array(upper)[0]("hello"))', 'HELLO'],
  ['@(object("a", lower, "b", upper).a("Hello"))', 'hello'],
  ['@hello', '@hello'],
  ['@hello.bar', '@hello.bar'],
  ['My email is foo@bar.com', 'My email is foo@bar.com'],
  ['ben@macklemore', 'ben@macklemore'],
  ['@string1.xxx', '', true],
  ['1 + 2', '1 + 2'],
  ['@(1 + 2)', '3'],
  ['@', '@'],
  ['@@', '@'],
  ['@@string1', '@string1'],
  ['@@@string1', '@foo'],
  ['@string1@string2', 'foobar'],
  ['@(string1 & string2)', 'foobar'],
  ['@string1.@string2', 'foo.bar'],
  ['@string1.@string2.@string3', 'foo.bar.@string3'],
  ['@(汉字)', 'simplified chinese'],
  ['@(string1', '@(string1'],
  ['@ (string1', '@ (string1'],
  ['@ (string1)', '@ (string1)'],
  ['@(")")', ')'],
  ['@(replace("a)b", ")", "-"))', 'a-b'],
  ['@(int1 + int2)', '3'],
  ['@(1 + "asdf")', '', true],
  ['@(int1 + string1)', '', true],
  ['@(dec1 + dec2)', '4'],
  ['@(0.1 + 0.2)', '0.3'],
  ['@(1 / 3)', '0.3333333333333333'],
  ['@(2 / 3)', '0.6666666666666667'],
  ['@(1 / 3 * 3)', '0.9999999999999999'],
  ['@(number(" 12.50 ") + 1)', '13.5'],
  ['@(10 ^ 100)', '1' + '0'.repeat(100)],
  ['@(3 * 0.1)', '0.3'],
  ['@(2 ^ 8)', '256'],
  ['@(2 ^ -1)', '0.5'],
  ['@(4 ^ 0.5)', '2'],
  ['@(-2 ^ 2)', '4'],
  ['@(2^2^2)', '16'],
  ['@(-fields.age)', '', true],
  ['@(-contact.fields.age)', '-23'],
  ['@(TITLE(missing))', '', true],
  ['@(TITLE(string1.xxx))', '', true],
  ['@array1', '[one, two, three]'],
  ['@array1[0]', '[one, two, three][0]'],
  ['@(array1 [0])', 'one'],
  ['@(array1[0])', 'one'],
  ['@(array1[3 - 3])', 'one'],
  ['@(array1[-1])', 'three'],
  ['@(array1.0)', 'one'],
  ['@array1.0', 'one'],
  ['@(array2d[0][2])', 'c'],
  ['@array2d.0.2', '', true],
  ['@(split(words, " ")[0])', 'one'],
  ['@(split(words, " ")[-1])', 'three'],
  ['@(thing.foo)', 'bar'],
  ['@((thing).foo)', 'bar'],
  ['@(thing["foo"])', 'bar'],
  ['@(thing["FOO"])', 'bar'],
  ['@(THING.FOO)', 'bar'],
  ['@(thing[lower("FOO")])', 'bar'],
  ['@(thing["f" & "o" & "o"])', 'bar'],
  ['@(thing.zed)', '123'],
  ['@(thing.missing)', ''],
  ['@(thing.missing.xxx)', '', true],
  ['@(thing.xxx)', '', true],
  ['@object1', '123'],
  ['@object2', ''],
  ['@(object1.foo)', '123'],
  ['@thing', '{foo: bar, missing: , zed: 123}'],
  ['@contact', 'Ryan Lewis'],
  ['@contact.name.', 'Ryan Lewis.'],
  ['@results.color and @results.color.category', 'red and Red'],
  ['@(results.color = "red")', 'true'],
  ['@(contact.fields.age > 20)', 'true'],
  ['@("hello" & null)', 'hello'],
  ['@(1 = "1")', 'true'],
  ['@("asdf" = "ASDF")', 'false'],
  ['@(11=11=11)', 'false'],
  ['@(1.0 = 1)', 'true'],
  ['@(null = NULL)', 'true'],
  ['@(TRUE)', 'true'],
  ['@(1 < 2 = true)', 'true'],
  ['@("a" < "b")', '', true],
  ['@(1<2<3)', '', true],
];

describe('templates', () => {
  it.each(TEMPLATE_ROWS)('%s', (template, expected, hasError = false) => {
    const result = evaluateTemplate(template, CONTEXT, env);
    expect(result.text).toBe(expected);
    expect(result.errors.length > 0).toBe(hasError);
  });

  it('keeps the text of the other expressions when one fails', () => {
    expect(evaluateTemplate('a @(1/0) b @string1 c @(x.y)', CONTEXT, env)).toEqual({
      text: 'a  b foo c ',
      errors: ['division by zero', "context has no property 'x'"],
    });
  });

  it('applies the escape option only to expression output', () => {
    const r = evaluateTemplate('http://x.org/?q=@(string1 & " &")', CONTEXT, env, { escape: encodeURIComponent });
    expect(r.text).toBe('http://x.org/?q=foo%20%26');
  });

  it('reports a missing top-level name that goflow knows (parent is null, run is absent)', () => {
    expect(evaluateTemplate('@parent.uuid', CONTEXT, env).errors).toEqual(["null doesn't support lookups"]);
    expect(evaluateTemplate('@run.uuid', CONTEXT, env).errors).toEqual(["context has no property 'run'"]);
  });
});

const ERROR_ROWS: [string, string][] = [
  ["@('x')", "syntax error at 'x'"],
  ['@(0 / )', 'syntax error at '],
  ['@(1.1.0)', 'syntax error at .0'],
  ['@(NULL.x)', 'syntax error at .x'],
  ['@(False.g)', 'syntax error at .g'],
  ['@("abc".v)', 'syntax error at .v'],
  ['@(hello)', "context has no property 'hello'"],
  ['@((1).x)', "1 doesn't support lookups"],
  ['@((1)[0])', "1 doesn't support lookups"],
  ['@((TRUE).x)', "true doesn't support lookups"],
  ['@(string1.x)', '"foo" doesn\'t support lookups'],
  ['@string1.x', '"foo" doesn\'t support lookups'],
  ['@(array(1, 2)[5])', 'index 5 out of range for 2 items'],
  ['@(1 + null)', 'unable to convert null to a number'],
  ['@(1 + true)', 'unable to convert true to a number'],
  ['@("a" + 2)', 'unable to convert "a" to a number'],
  ['@(1 / 0)', 'division by zero'],
  ['@(format_datetime("x"))', 'error calling format_datetime(...): unable to convert "x" to a datetime'],
  ['@(format_datetime(3))', 'error calling format_datetime(...): unable to convert 3 to a datetime'],
  ['@(FOO())', 'foo is not a function'],
  ['@(string1())', 'string1 is not a function'],
  ['@(count(1))', "error calling count(...): value isn't countable"],
  ['@(word_count())', 'error calling word_count(...): need 1 to 2 argument(s), got 0'],
  ['@(word_count("a", "b", "c"))', 'error calling word_count(...): need 1 to 2 argument(s), got 3'],
  ['@(upper())', 'error calling upper(...): need 1 argument(s), got 0'],
  ['@(now(1))', "error calling now(...): doesn't take any arguments, got 1"],
  ['@(max())', 'error calling max(...): need at least 1 argument(s), got 0'],
  ['@(upper(1 / 0))', 'error calling upper(...): division by zero'],
  ['@(contact.fields.unset)', "object has no property 'unset'"],
  ['@(10 ^ 101)', 'number value out of range'],
  ['@(sum(array(9 * 10 ^ 100, 9 * 10 ^ 100)))', 'error calling sum(...): number value out of range'],
  ['@(number("1e5"))', 'error calling number(...): unable to convert "1e5" to a number'],
  ['@(number("+5"))', 'error calling number(...): unable to convert "+5" to a number'],
  ['@(number("5."))', 'error calling number(...): unable to convert "5." to a number'],
];

describe('error messages', () => {
  it.each(ERROR_ROWS)('%s -> %s', (template, message) => {
    expect(evaluateTemplate(template, CONTEXT, env)).toEqual({ text: '', errors: [message] });
  });
});

describe('evaluateTemplateValue keeps the type of a single expression', () => {
  it('returns typed values', () => {
    expect(evaluateTemplateValue('@dec1', CONTEXT, env).value).toBeInstanceOf(XNumber);
    expect(evaluateTemplateValue(' @(array1) ', CONTEXT, env).value).toBeInstanceOf(XArray);
    expect(evaluateTemplateValue('@(2 > 1)', CONTEXT, env).value).toBeInstanceOf(XBoolean);
    expect(evaluateTemplateValue('@(null)', CONTEXT, env).value).toBeNull();
    const mixed = evaluateTemplateValue('@string1 @string2', CONTEXT, env).value;
    expect(mixed).toBeInstanceOf(XText);
    expect(toText(mixed, env)).toBe('foo bar');
  });

  it('returns the error of a failing single expression', () => {
    const r = evaluateTemplateValue('@(1/0)', CONTEXT, env);
    expect(r.value).toBeInstanceOf(XError);
    expect(r.errors).toEqual(['division by zero']);
  });
});

describe('evaluateExpression and typed context values', () => {
  it('evaluates without the @( ) wrapper', () => {
    expect(toText(evaluateExpression('upper(contact.name) & "!"', CONTEXT, env), env)).toBe('RYAN LEWIS!');
    expect(evaluateExpression('1 +', CONTEXT, env)).toBeInstanceOf(XError);
  });

  it('accepts XValues built by the engine anywhere in the context', () => {
    const ctx = {
      run: xObject({ created_on: xDateTime('2017-01-15T13:24:30.123456-05:00'), path: xArray(['a', 'b']) }, 'run'),
    };
    expect(evaluateTemplate('@run.created_on|@(format_date(run.created_on, "DD/MM"))|@run|@(count(run.path))', ctx, env).text).toBe(
      '2017-01-15T13:24:30.123456-05:00|15/01|run|2',
    );
  });

  it('renders values the goflow way', () => {
    const ctx = { n: 12.5, big: '12345678901234567890.50', list: [1, 'a', null, { __default__: 'x' }], flag: false };
    expect(evaluateTemplate('@n @(number(big) + 0) @list @flag', ctx, env).text).toBe('12.5 12345678901234567890.5 [1, a, , x] false');
  });
});

describe('inspectTemplate', () => {
  it('lists references, functions and static errors without evaluating', () => {
    const r = inspectTemplate(
      'Hi @contact.name @(upper(results.Color.value)) @(foreach(contact.groups, (g) => g.name)) @(nope()) @(word_count()) @(fields["age"]) @(1 +) x@y.com',
    );
    expect(r.references).toEqual([['contact', 'name'], ['results', 'color', 'value'], ['contact', 'groups'], ['fields', 'age']]);
    expect(r.functions).toEqual(['foreach', 'nope', 'upper', 'word_count']);
    expect(r.errors).toEqual([
      'nope is not a function',
      'error calling word_count(...): need 1 to 2 argument(s), got 0',
      'syntax error at ',
    ]);
  });
});
