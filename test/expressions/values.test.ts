/**
 * Value conversion and rendering: how plain JS context values and typed XValues print, compare and
 * convert, and how the environment is built from goflow's environment JSON.
 */
import { describe, expect, it } from 'vitest';
import {
  callFunction, evaluateTemplate, fromJS, functionCatalog, listFunctions, makeEnvironment, toText, xArray, xBoolean, xDate, xDateTime, xError,
  xNumber, xObject, xText, xTime, XError, XNumber,
} from '../../runtime/expressions/index.js';
import { docsEnv } from './helpers.js';

const env = docsEnv();

describe('toText', () => {
  const rows: [string, unknown, string][] = [
    ['null', null, ''],
    ['text', xText('héllo'), 'héllo'],
    ['integer', xNumber(42), '42'],
    ['decimal with trailing zeros', xNumber('12.50'), '12.5'],
    ['negative decimal', xNumber('-0.010'), '-0.01'],
    ['huge number without exponent', xNumber('1e25'), '10000000000000000000000000'],
    ['tiny number without exponent', xNumber('1e-10'), '0.0000000001'],
    ['boolean', xBoolean(true), 'true'],
    ['date', xDate('2020-01-15'), '2020-01-15'],
    ['time', xTime('9:05'), '09:05:00.000000'],
    ['time with micros', xTime('10:30:45.123456'), '10:30:45.123456'],
    ['datetime UTC', xDateTime('2017-01-15T13:24:30.123456Z'), '2017-01-15T13:24:30.123456Z'],
    ['datetime offset', xDateTime('2017-01-15T13:24:30.1-05:00'), '2017-01-15T13:24:30.100000-05:00'],
    ['datetime in zone', xDateTime(new Date('2017-06-01T10:00:00Z'), 'Africa/Kigali'), '2017-06-01T12:00:00.000000+02:00'],
    ['array', xArray(['a', 1, null, true]), '[a, 1, , true]'],
    ['object sorted keys', xObject({ b: 2, a: 'x', c: { d: 1 } }), '{a: x, b: 2, c: {d: 1}}'],
    ['object default', xObject({ name: 'Bob' }, 'Bob'), 'Bob'],
    ['plain object default', { __default__: 'Bob', name: 'Bob' }, 'Bob'],
    ['array of defaults', [{ __default__: 'A' }, { __default__: 'B' }], '[A, B]'],
    ['error', xError('oops'), 'oops'],
  ];
  it.each(rows)('%s', (_name, value, expected) => {
    expect(toText(fromJS(value), env)).toBe(expected);
  });
});

describe('context conversion', () => {
  it('looks up keys case-insensitively and keeps nulls as values', () => {
    const ctx = { Contact: { First_Name: 'Ann', nickname: null } };
    expect(evaluateTemplate('@contact.first_name|@CONTACT.FIRST_NAME|@(contact.nickname)|', ctx, env)).toEqual({
      text: 'Ann|Ann||',
      errors: [],
    });
  });

  it('converts JS numbers exactly as written', () => {
    expect(evaluateTemplate('@(n + 0.2)', { n: 0.1 }, env).text).toBe('0.3');
  });

  it('rejects non-finite numbers and functions in a context with a clear error', () => {
    expect(evaluateTemplate('@(x)', { x: NaN }, env).errors).toEqual(['invalid number NaN']);
    expect(evaluateTemplate('@(x)', { x: () => 1 }, env).errors).toEqual(['functions cannot be passed in a context']);
  });

  it('throws on malformed typed values (engine bugs surface early)', () => {
    expect(() => xDate('2020-13-45')).toThrow(/invalid date/);
    expect(() => xTime('25:00')).toThrow(/invalid time/);
    expect(() => xDateTime('yesterday')).toThrow(/invalid datetime/);
  });
});

describe('makeEnvironment', () => {
  it('defaults like goflow', () => {
    const e = makeEnvironment();
    expect(e.dateFormat).toBe('YYYY-MM-DD');
    expect(e.timeFormat).toBe('tt:mm');
    expect(e.timezone).toBe('UTC');
    expect(e.defaultCountry).toBeNull();
    expect(e.numberFormat).toEqual({ decimalSymbol: '.', digitGroupingSymbol: ',' });
    expect(e.redactionPolicy).toBe('none');
  });

  it('maps goflow environment JSON and the injected services', () => {
    const e = makeEnvironment(
      { date_format: 'MM-DD-YYYY', time_format: 'h:mm aa', timezone: 'Africa/Kigali', default_country: 'rw', number_format: { decimal_symbol: ',', digit_grouping_symbol: ' ' }, redaction_policy: 'urns', max_value_length: 640 },
      { clock: { now: () => new Date('2020-03-04T10:00:00Z') }, random: { next: () => 0.25 } },
    );
    expect(e.defaultCountry).toBe('RW');
    expect(e.maxValueLength).toBe(640);
    expect(e.redactionPolicy).toBe('urns');
    expect(evaluateTemplate('@(format(now())) @(format(1234.5)) @(rand())', {}, e).text).toBe('03-04-2020 12:00 pm 1 234,5 0.25');
  });

  it('falls back to UTC for an unknown time zone', () => {
    expect(makeEnvironment({ timezone: 'Mars/Olympus' }).timezone).toBe('UTC');
  });
});

describe('callFunction and listFunctions', () => {
  it('calls builtins and case tests by name', () => {
    expect(toText(callFunction('upper', [xText('abc')], env), env)).toBe('ABC');
    expect(toText(callFunction('has_text', [xText(' x ')], env), env)).toBe('true');
    expect((callFunction('nope', [], env) as XError).message).toBe('nope is not a function');
    expect(callFunction('abs', [xNumber(-2)], env)).toBeInstanceOf(XNumber);
  });

  it('lists every function once, sorted, including case tests', () => {
    const names = listFunctions();
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
    for (const name of ['upper', 'format_urn', 'foreach', 'legacy_add', 'has_any_word', 'has_ward']) expect(names).toContain(name);
  });
});

describe('functionCatalog', () => {
  it('describes every function with arity and a description', () => {
    const catalog = functionCatalog();
    expect(catalog.map((f) => f.name)).toEqual(listFunctions());
    expect(catalog.find((f) => f.name === 'word')).toMatchObject({ minArgs: 2, maxArgs: 3, caseTest: false });
    expect(catalog.find((f) => f.name === 'has_number_between')).toMatchObject({ minArgs: 3, maxArgs: 3, caseTest: true });
    expect(catalog.find((f) => f.name === 'max')?.maxArgs).toBe(Infinity);
    expect(catalog.every((f) => f.description.length > 5)).toBe(true);
  });
});
