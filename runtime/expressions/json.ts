/**
 * JSON text to values for parse_json (and webhook bodies the engine may pass as text). Numbers are
 * kept as exact decimals ("0.1" stays 0.1, big integers keep every digit), unlike JSON.parse.
 * Nesting is bounded so a hostile document cannot overflow the stack.
 *
 *   parseJSONToXValue('{"a": [1, 2.50]}') -> XObject { a: XArray [1, 2.5] }
 */
import { Dec, XArray, XError, XNumber, XObject, XText, type XValue, xBoolean } from './values.js';

const MAX_JSON_DEPTH = 200;

/** A recursive-descent JSON reader over one string. Example: `new JSONReader('[1]').value(0)`. */
class JSONReader {
  private i = 0;
  constructor(private readonly s: string) {}

  fail(): never {
    throw new SyntaxError(`invalid JSON at offset ${this.i}`);
  }

  ws(): void {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i])) this.i++;
  }

  value(depth: number): XValue {
    if (depth > MAX_JSON_DEPTH) throw new SyntaxError('JSON is nested too deeply');
    this.ws();
    const c = this.s[this.i];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return new XText(this.string());
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const [lit, v] of [['true', xBoolean(true)], ['false', xBoolean(false)], ['null', null]] as const) {
      if (this.s.startsWith(lit, this.i)) {
        this.i += lit.length;
        return v;
      }
    }
    this.fail();
  }

  object(depth: number): XValue {
    this.i++;
    const props: Record<string, unknown> = {};
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return new XObject(props);
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail();
      const key = this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.fail();
      this.i++;
      props[key] = this.value(depth + 1);
      this.ws();
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.s[this.i] === '}') {
        this.i++;
        return new XObject(props);
      }
      this.fail();
    }
  }

  array(depth: number): XValue {
    this.i++;
    const items: XValue[] = [];
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return new XArray(items);
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.ws();
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.s[this.i] === ']') {
        this.i++;
        return new XArray(items);
      }
      this.fail();
    }
  }

  string(): string {
    const m = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(this.s.slice(this.i));
    if (!m) this.fail();
    this.i += m[0].length;
    return JSON.parse(m[0]) as string;
  }

  number(): XValue {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(this.s.slice(this.i));
    if (!m) this.fail();
    this.i += m[0].length;
    return new XNumber(new Dec(m[0]));
  }

  done(): boolean {
    this.ws();
    return this.i >= this.s.length;
  }
}

/** Parses JSON text; an XError (goflow-style message) if it is not valid JSON. */
export function parseJSONToXValue(text: string): XValue {
  try {
    const reader = new JSONReader(text);
    const v = reader.value(0);
    if (!reader.done()) reader.fail();
    return v;
  } catch (e) {
    return new XError(`unable to parse JSON: ${(e as Error).message}`);
  }
}
