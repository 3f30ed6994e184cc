/**
 * Hostile input: catastrophic regexes, deep nesting, huge outputs and long loops must end quickly
 * with an error (or a correct answer), never hang or overflow the stack.
 */
import { describe, expect, it } from 'vitest';
import { evaluateTemplate, xText } from '../../runtime/expressions/index.js';
import { isMatch, runCaseTest } from '../../runtime/routers/cases/registry.js';
import { MAX_NESTING_DEPTH, MAX_TEMPLATE_LENGTH } from '../../runtime/expressions/limits.js';
import { docsEnv } from './helpers.js';

const env = docsEnv();

function timed<T>(f: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = f();
  return { value, ms: performance.now() - start };
}

describe('limits', () => {
  it('runs a catastrophically backtracking pattern in linear time (has_pattern)', () => {
    const input = 'a'.repeat(50_000) + '!';
    const { value, ms } = timed(() => runCaseTest(env, 'has_pattern', xText(input), [xText('^(a+)+$')]));
    expect(isMatch(value)).toBe(false);
    expect(ms).toBeLessThan(2000);
  });

  it('runs a catastrophically backtracking pattern in linear time (regex_match)', () => {
    const ctx = { s: 'x'.repeat(30_000) + 'y' };
    const { value, ms } = timed(() => evaluateTemplate('@(regex_match(s, "(x+x+)+z"))', ctx, env));
    expect(value.errors).toEqual(['error calling regex_match(...): invalid regular expression group']);
    expect(ms).toBeLessThan(2000);
  });

  it('rejects patterns RE2 does not support (backreferences) with an error', () => {
    expect(evaluateTemplate('@(regex_match("aa", "(a)\\1"))', {}, env).errors).toEqual([
      'error calling regex_match(...): invalid regular expression',
    ]);
  });

  it('rejects deep nesting with an error instead of a stack overflow', () => {
    const deep = '@(' + '('.repeat(5000) + '1' + ')'.repeat(5000) + ')';
    const r = evaluateTemplate(deep, {}, env);
    expect(r.text).toBe('');
    expect(r.errors[0]).toMatch(/nested too deeply/);
    const calls = '@(' + 'upper('.repeat(MAX_NESTING_DEPTH + 5) + '"x"' + ')'.repeat(MAX_NESTING_DEPTH + 5) + ')';
    expect(evaluateTemplate(calls, {}, env).errors[0]).toMatch(/nested too deeply/);
    expect(evaluateTemplate('@(' + '1+'.repeat(40_000) + '1)', {}, env).errors[0]).toMatch(/too many operators/);
    expect(evaluateTemplate('@(' + 'x.'.repeat(40_000) + 'y)', { x: {} }, env).errors[0]).toMatch(/too many lookups/);
    const negations = '@(' + '-'.repeat(10_000) + '1)';
    expect(evaluateTemplate(negations, {}, env).errors[0]).toMatch(/nested too deeply/);
  });

  it('accepts nesting within the limit', () => {
    const ok = '@(' + '('.repeat(MAX_NESTING_DEPTH - 5) + '1' + ')'.repeat(MAX_NESTING_DEPTH - 5) + ')';
    expect(evaluateTemplate(ok, {}, env)).toEqual({ text: '1', errors: [] });
  });

  it('rejects over-long templates', () => {
    const r = evaluateTemplate('x'.repeat(MAX_TEMPLATE_LENGTH + 1) + '@(1)', {}, env);
    expect(r.errors[0]).toMatch(/template is too long/);
  });

  it('stops huge outputs', () => {
    expect(evaluateTemplate('@(repeat("abc", 100000000))', {}, env).errors[0]).toMatch(/longer than/);
    expect(evaluateTemplate('@(2 ^ 100000000)', {}, env).errors[0]).toMatch(/too large/);
  });

  it('stops runaway loops with a step budget', () => {
    const ctx = { items: Array.from({ length: 1000 }, (_, i) => i) };
    const { value, ms } = timed(() =>
      evaluateTemplate('@(count(foreach(items, (a) => foreach(items, (b) => a + b))))', ctx, env),
    );
    expect(value.errors.join()).toMatch(/exceeded \d+ steps/);
    expect(ms).toBeLessThan(5000);
  });

  it('never runs code from the template (no eval)', () => {
    const r = evaluateTemplate('@(constructor.constructor("return process")())', {}, env);
    expect(r.text).toBe('');
    expect(r.errors).toEqual(["context has no property 'constructor'"]);
    expect(evaluateTemplate('@(__proto__)', {}, env).errors).toEqual(["context has no property '__proto__'"]);
  });
});

describe('robustness', () => {
  it('never throws on arbitrary input (seeded fuzz)', () => {
    const pieces = ['@', '(', ')', '"', '\\', '.', ',', '[', ']', '=>', '&', '+', '-', '*', '/', '^', '=', '!=', '<', '>=',
      'contact', 'name', 'x', '1', '2.5', 'true', 'null', 'upper', 'foreach', 'has_phrase', 'array', ' ', '@@', '😀', 'é'];
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const ctx = { contact: { __default__: 'Bob', name: 'Bob' }, x: [1, 2] };
    for (let i = 0; i < 3000; i++) {
      let t = '';
      const len = 1 + Math.floor(next() * 20);
      for (let j = 0; j < len; j++) t += pieces[Math.floor(next() * pieces.length)];
      const r = evaluateTemplate(t, ctx, env);
      expect(typeof r.text).toBe('string');
      expect(Array.isArray(r.errors)).toBe(true);
    }
  });
});
