/**
 * Finding numbers in free text for the has_number* tests, honouring the environment's decimal and
 * digit grouping symbols: with {decimal: ",", grouping: "."} the text "1.234,5" holds 1234.5.
 * The first number-like piece that parses and passes the comparison wins, as in goflow.
 *
 *   findNumber(env, "the number is 42", (n) => n.gt(40)) -> Decimal(42)
 */
import type { Decimal } from 'decimal.js';
import type { EvaluationEnvironment } from '../../expressions/environment.js';
import { Dec, XError, XNumber, type XValue } from '../../expressions/values.js';
import { toXNumber, toXText } from '../../expressions/conversions.js';
import { FALSE_RESULT, trueResult } from './spec.js';

function escapeForClass(s: string): string {
  return s.replace(/[\\\]\[^\-.$*+?(){}|/]/g, '\\$&');
}

/** Compiled patterns by number format: compiling a Unicode regex on every test was a measurable cost. */
const numberPatterns = new Map<string, RegExp>();

function numberPattern(env: EvaluationEnvironment): RegExp {
  const key = `${env.numberFormat.digitGroupingSymbol}\u0000${env.numberFormat.decimalSymbol}`;
  let pattern = numberPatterns.get(key);
  if (!pattern) {
    const group = escapeForClass(env.numberFormat.digitGroupingSymbol);
    const dec = escapeForClass(env.numberFormat.decimalSymbol);
    // a signed run of digits (and grouping symbols) with an optional fraction, or a bare fraction like ".5"
    pattern = new RegExp(`[-+]?([\\p{N}${group}]+(${dec}[\\p{N}]+)?|(\\W|^)${dec}[\\p{N}]+)`, 'gu');
    if (numberPatterns.size < 64) numberPatterns.set(key, pattern);
  }
  // matchAll clones a global regex, so sharing one compiled pattern is safe
  return pattern;
}

/** Parses one number-like piece after removing grouping and normalizing the decimal symbol. */
export function parseFuzzyDecimal(env: EvaluationEnvironment, piece: string): Decimal | null {
  let cleaned = piece.trim();
  const { digitGroupingSymbol, decimalSymbol } = env.numberFormat;
  if (digitGroupingSymbol) cleaned = cleaned.split(digitGroupingSymbol).join('');
  if (decimalSymbol && decimalSymbol !== '.') cleaned = cleaned.split(decimalSymbol).join('.');
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(cleaned)) return null;
  try {
    return new Dec(cleaned);
  } catch {
    return null;
  }
}

/** Runs a number test on text: the first number in the text passing `test` is the match. */
export function testNumberInText(env: EvaluationEnvironment, operand: XValue, test: (n: Decimal) => boolean): XValue {
  const text = toXText(env, operand);
  if (text instanceof XError) return text;
  for (const m of text.value.matchAll(numberPattern(env))) {
    const n = parseFuzzyDecimal(env, m[0]);
    if (n && test(n)) return trueResult(new XNumber(n));
  }
  return FALSE_RESULT;
}

/** Converts a numeric case argument, or returns its error. */
export function numberArg(env: EvaluationEnvironment, v: XValue): Decimal | XError {
  const n = toXNumber(env, v);
  return n instanceof XError ? n : n.value;
}
