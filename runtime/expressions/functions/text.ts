/**
 * Text functions: upper, lower, title, word, split, trim, replace, regex_match, url_encode, ...
 *
 *   @(upper("Asdf")) -> ASDF
 *   @(word("bee.cat,dog", 1)) -> cat
 *   @(url_encode("two & words")) -> two%20%26%20words
 */
import type { EvaluationEnvironment } from '../environment.js';
import { Dec, XArray, XError, XNumber, XText, type XValue, X_EMPTY } from '../values.js';
import { toInteger, toXNumber, toXText } from '../conversions.js';
import { compileUserRegex } from '../regex.js';
import { MAX_TEXT_LENGTH } from '../limits.js';
import { decodeHtmlEntities } from './html_entities.js';
import { fn, type FunctionSpec } from './spec.js';

const WORD_TOKEN = /[\p{M}\p{L}\p{N}_']+|\p{S}/gu;

/** Words of the text: goflow's tokenizer, or splitting on any of the given delimiter characters. */
export function extractWords(text: string, delimiters: string): string[] {
  if (delimiters === '') return text.match(WORD_TOKEN) ?? [];
  const delims = new Set(Array.from(delimiters));
  const out: string[] = [];
  let cur = '';
  for (const ch of text) {
    if (delims.has(ch)) {
      if (cur) out.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  if (cur) out.push(cur);
  return out;
}

function text(env: EvaluationEnvironment, v: XValue): string | XError {
  const t = toXText(env, v);
  return t instanceof XError ? t : t.value;
}

function optionalText(env: EvaluationEnvironment, args: XValue[], i: number): string | XError {
  if (args.length <= i || args[i] === null) return '';
  return text(env, args[i]);
}

/**
 * Go's per-character case mapping: a character whose mapping would become several characters
 * (German ß -> SS) stays as it is, so upper("ß") is "ß" as in goflow.
 */
function mapChars(s: string, map: (ch: string) => string): string {
  let out = '';
  for (const ch of s) {
    const mapped = map(ch);
    out += Array.from(mapped).length === 1 ? mapped : ch;
  }
  return out;
}

export const goUpper = (s: string) => mapChars(s, (c) => c.toUpperCase());
export const goLower = (s: string) => mapChars(s, (c) => c.toLowerCase());

/** Go's strings.Title: upper-cases letters that follow a separator (space, ASCII punctuation). */
function goTitle(s: string): string {
  let out = '';
  let prevSeparator = true;
  for (const ch of s) {
    out += prevSeparator ? goUpper(ch) : ch;
    prevSeparator = isTitleSeparator(ch);
  }
  return out;
}

function isTitleSeparator(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  if (cp <= 0x7f) return !/[0-9A-Za-z_]/.test(ch);
  if (/[\p{L}\p{N}]/u.test(ch)) return false;
  return /\s/u.test(ch);
}

/** Go's strings.Trim family: remove any of the cut characters from one or both ends. */
function trimChars(s: string, cut: string, left: boolean, right: boolean): string {
  const chars = Array.from(s);
  const set = new Set(Array.from(cut));
  let a = 0;
  let b = chars.length;
  if (left) while (a < b && set.has(chars[a])) a++;
  if (right) while (b > a && set.has(chars[b - 1])) b--;
  return chars.slice(a, b).join('');
}

function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
}

function tooLong(): XError {
  return new XError(`result would be longer than ${MAX_TEXT_LENGTH} characters`);
}

export const TEXT_FUNCTIONS: FunctionSpec[] = [
  fn('text', 1, 1, 'converts a value to text', (env, [v]) => toXText(env, v)),

  fn('char', 1, 1, 'returns the character for a unicode code', (env, [v]) => {
    const n = toXNumber(env, v);
    if (n instanceof XError) return n;
    const code = toInteger(env, n);
    if (code instanceof XError) return code;
    if (code < 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return new XText('\ufffd');
    return new XText(String.fromCodePoint(code));
  }),

  fn('code', 1, 1, 'returns the unicode code of the first character', (env, [v]) => {
    const s = text(env, v);
    if (s instanceof XError) return s;
    if (s.length === 0) return new XError('requires a string of at least one character');
    return new XNumber(new Dec(s.codePointAt(0)!));
  }),

  fn('split', 1, 2, 'splits text into an array of words', (env, args) => {
    const s = text(env, args[0]);
    if (s instanceof XError) return s;
    const d = optionalText(env, args, 1);
    if (d instanceof XError) return d;
    return new XArray(extractWords(s, d).map((w) => new XText(w)));
  }),

  fn('trim', 1, 2, 'removes whitespace (or the given characters) from both ends', (env, args) => {
    const s = text(env, args[0]);
    if (s instanceof XError) return s;
    const c = optionalText(env, args, 1);
    if (c instanceof XError) return c;
    return new XText(c ? trimChars(s, c, true, true) : s.replace(/^\s+|\s+$/gu, ''));
  }),

  fn('trim_left', 1, 2, 'removes whitespace (or the given characters) from the start', (env, args) => {
    const s = text(env, args[0]);
    if (s instanceof XError) return s;
    const c = optionalText(env, args, 1);
    if (c instanceof XError) return c;
    return new XText(c ? trimChars(s, c, true, false) : s.replace(/^\s+/u, ''));
  }),

  fn('trim_right', 1, 2, 'removes whitespace (or the given characters) from the end', (env, args) => {
    const s = text(env, args[0]);
    if (s instanceof XError) return s;
    const c = optionalText(env, args, 1);
    if (c instanceof XError) return c;
    return new XText(c ? trimChars(s, c, false, true) : s.replace(/\s+$/u, ''));
  }),

  fn('title', 1, 1, 'capitalizes each word', (env, [v]) => {
    const s = text(env, v);
    return s instanceof XError ? s : new XText(goTitle(goLower(s)));
  }),

  fn('word', 2, 3, 'returns the word at an index (from zero; negative counts from the end)', (env, args) => {
    const s = text(env, args[0]);
    if (s instanceof XError) return s;
    const index = toInteger(env, args[1]);
    if (index instanceof XError) return index;
    const d = optionalText(env, args, 2);
    if (d instanceof XError) return d;
    const words = extractWords(s, d);
    const offset = index < 0 ? index + words.length : index;
    if (offset < 0 || offset >= words.length) return new XError(`index ${index} is out of range for the number of words ${words.length}`);
    return new XText(words[offset]);
  }),

  fn('remove_first_word', 1, 1, 'removes the first word', (env, [v]) => {
    let s = text(env, v);
    if (s instanceof XError) return s;
    const words = extractWords(s, '');
    if (words.length < 2) return X_EMPTY;
    s = s.slice(s.indexOf(words[0]) + words[0].length);
    return new XText(s.slice(s.indexOf(words[1])));
  }),

  fn('word_count', 1, 2, 'returns the number of words', (env, args) => {
    const s = text(env, args[0]);
    if (s instanceof XError) return s;
    const d = optionalText(env, args, 1);
    if (d instanceof XError) return d;
    return new XNumber(new Dec(extractWords(s, d).length));
  }),

  fn('word_slice', 2, 4, 'returns the words from start up to (not including) end', (env, args) => {
    const s = text(env, args[0]);
    if (s instanceof XError) return s;
    const start = toInteger(env, args[1]);
    if (start instanceof XError) return start;
    if (start < 0) return new XError('must start with a positive index');
    let end = -1;
    if (args.length >= 3) {
      const e = toInteger(env, args[2]);
      if (e instanceof XError) return e;
      end = e;
    }
    if (end > 0 && end <= start) return new XError('must have a end which is greater than the start');
    const d = optionalText(env, args, 3);
    if (d instanceof XError) return d;
    const words = extractWords(s, d);
    if (start >= words.length) return X_EMPTY;
    if (end >= words.length) end = words.length;
    return new XText((end > 0 ? words.slice(start, end) : words.slice(start)).join(' '));
  }),

  fn('field', 3, 3, 'splits text on a delimiter and returns the field at an index', (env, args) => {
    const s = text(env, args[0]);
    if (s instanceof XError) return s;
    const index = toInteger(env, args[1]);
    if (index instanceof XError) return index;
    if (index < 0) return new XError('cannot use a negative index');
    const sep = text(env, args[2]);
    if (sep instanceof XError) return sep;
    let fields = sep === '' ? Array.from(s) : s.split(sep);
    if (sep === ' ') fields = fields.filter((f) => f !== '');
    if (index >= fields.length) return X_EMPTY;
    return new XText(fields[index].trim());
  }),

  fn('clean', 1, 1, 'removes non-printable characters', (env, [v]) => {
    const s = text(env, v);
    return s instanceof XError ? s : new XText(s.replace(/\p{C}/gu, ''));
  }),

  fn('text_slice', 2, 4, 'returns the characters from start (inclusive) to end (exclusive)', (env, args) => {
    const s = text(env, args[0]);
    if (s instanceof XError) return s;
    const chars = Array.from(s);
    let start = toInteger(env, args[1]);
    if (start instanceof XError) return start;
    if (start < 0) start += chars.length;
    let end: number | XError = chars.length;
    if (args.length === 3) {
      end = toInteger(env, args[2]);
      if (end instanceof XError) return end;
    }
    if (end < 0) end += chars.length;
    const out: string[] = [];
    chars.forEach((c, i) => {
      if (i >= (start as number) && i < (end as number)) out.push(c);
    });
    return new XText(out.join(''));
  }),

  fn('lower', 1, 1, 'converts text to lowercase', (env, [v]) => {
    const s = text(env, v);
    return s instanceof XError ? s : new XText(goLower(s));
  }),

  fn('upper', 1, 1, 'converts text to uppercase', (env, [v]) => {
    const s = text(env, v);
    return s instanceof XError ? s : new XText(goUpper(s));
  }),

  fn('regex_match', 2, 3, 'returns the first match (or a group of it) of a regular expression', (env, args) => {
    const s = text(env, args[0]);
    if (s instanceof XError) return s;
    const pattern = text(env, args[1]);
    if (pattern instanceof XError) return pattern;
    let group = 0;
    if (args.length === 3) {
      const g = toInteger(env, args[2]);
      if (g instanceof XError) return g;
      group = g;
    }
    const re = compileUserRegex('(?mi)' + pattern);
    if (re instanceof XError) return new XError('invalid regular expression');
    const groups = re.firstMatch(s) ?? [];
    if (group < 0 || group >= groups.length) return new XError('invalid regular expression group');
    return new XText(groups[group] ?? '');
  }),

  fn('text_length', 1, 1, 'returns the number of characters', (env, [v]) => {
    const s = text(env, v);
    return s instanceof XError ? s : new XNumber(new Dec(Array.from(s).length));
  }),

  fn('text_compare', 2, 2, 'returns -1, 0 or 1 for the dictionary order of two texts', (env, [a, b]) => {
    const x = text(env, a);
    if (x instanceof XError) return x;
    const y = text(env, b);
    if (y instanceof XError) return y;
    return new XNumber(new Dec(compareCodePoints(x, y)));
  }),

  fn('repeat', 2, 2, 'repeats text a number of times', (env, [v, n]) => {
    const s = text(env, v);
    if (s instanceof XError) return s;
    const count = toInteger(env, n);
    if (count instanceof XError) return count;
    if (count < 0) return new XError(`must be called with a positive integer, got ${count}`);
    if (s.length * count > MAX_TEXT_LENGTH) return tooLong();
    return new XText(s.repeat(count));
  }),

  fn('replace', 3, 4, 'replaces occurrences of needle with replacement', (env, args) => {
    const s = text(env, args[0]);
    if (s instanceof XError) return s;
    const needle = text(env, args[1]);
    if (needle instanceof XError) return needle;
    const replacement = text(env, args[2]);
    if (replacement instanceof XError) return replacement;
    let count = -1;
    if (args.length === 4) {
      const c = toInteger(env, args[3]);
      if (c instanceof XError) return c;
      count = c;
    }
    return goReplace(s, needle, replacement, count);
  }),

  fn('percent', 1, 1, 'formats a number as a percentage', (env, [v]) => {
    const n = toXNumber(env, v);
    if (n instanceof XError) return n;
    return new XText(`${n.value.times(100).toDecimalPlaces(0).toFixed(0)}%`);
  }),

  fn('url_encode', 1, 1, 'encodes text for use as a URL parameter', (env, [v]) => {
    const s = text(env, v);
    if (s instanceof XError) return s;
    return new XText(encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()));
  }),

  fn('html_decode', 1, 1, 'decodes HTML entities', (env, [v]) => {
    const s = text(env, v);
    return s instanceof XError ? s : new XText(decodeHtmlEntities(s).replace(/\u00a0/g, ' '));
  }),

  fn('read_chars', 1, 1, 'spells out text so IVR can read it', (env, [v]) => {
    const s = text(env, v);
    if (s instanceof XError) return s;
    const chars = Array.from(s.replace(/^\+*/, ''));
    const group = chars.length % 3 === 0 ? 3 : chars.length % 4 === 0 ? 4 : 1;
    const groups: string[] = [];
    for (let i = 0; i < chars.length; i += group) groups.push(chars.slice(i, i + group).join(' '));
    return new XText(groups.join(' , '));
  }),
];

/** Go's strings.Replace: an empty needle inserts the replacement around every character. */
function goReplace(s: string, needle: string, replacement: string, count: number): XValue {
  if (count === 0) return new XText(s);
  let out = '';
  let done = 0;
  if (needle === '') {
    const chars = Array.from(s);
    for (let i = 0; i <= chars.length; i++) {
      if (count < 0 || done < count) {
        out += replacement;
        done++;
      }
      if (i < chars.length) out += chars[i];
      if (out.length > MAX_TEXT_LENGTH) return tooLong();
    }
    return new XText(out);
  }
  let from = 0;
  for (;;) {
    const at = s.indexOf(needle, from);
    if (at < 0 || (count >= 0 && done >= count)) break;
    out += s.slice(from, at) + replacement;
    from = at + needle.length;
    done++;
    if (out.length > MAX_TEXT_LENGTH) return tooLong();
  }
  return new XText(out + s.slice(from));
}
