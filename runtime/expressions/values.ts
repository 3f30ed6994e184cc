/**
 * The value types of the expression language, mirroring goflow's "excellent" types: text, number
 * (arbitrary-precision decimal), boolean, date, time, datetime, array, object, function and error.
 * `null` stands for goflow's nil.
 *
 * Contexts are built from plain JS values; they are wrapped lazily (see `fromJS`) so a large context
 * costs nothing until a template actually reads from it.
 *
 *   xText('hi'), xNumber('0.1'), xBoolean(true), xDate('2020-01-15'), xTime('10:30'),
 *   xDateTime('2020-01-15T10:30:00.123456Z'), xArray([...]), xObject({ name: 'Bob' }, 'Bob'), xError('oops')
 */
import { Decimal } from 'decimal.js';
import { DateTime, FixedOffsetZone } from 'luxon';

/**
 * goflow's numbers: 0.1 + 0.2 = 0.3. Sums and products are exact in goflow, so precision is generous;
 * divisions are rounded to 16 decimal places like goflow's decimal library (see `divide`).
 * Rounding is half away from zero (ROUND_HALF_UP in decimal.js terms).
 */
export const Dec = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -120, toExpPos: 120 });

/** Division as goflow does it: rounded to 16 decimal places. */
export function divide(x: Decimal, y: Decimal): Decimal {
  return x.div(y).toDecimalPlaces(16, Decimal.ROUND_HALF_UP);
}
/** A decimal number instance. Example: `new Dec('0.1')`. */
export type Dec = Decimal;

/** A text value. Example: `"hello"`. */
export class XText {
  readonly kind = 'text' as const;
  constructor(readonly value: string) {}
}

/** A decimal number. Example: `xNumber('12.50')` renders as `12.5`. */
export class XNumber {
  readonly kind = 'number' as const;
  constructor(readonly value: Decimal) {}
}

/** true / false. Example: `xBoolean(true)` renders `true`. */
export class XBoolean {
  readonly kind = 'boolean' as const;
  constructor(readonly value: boolean) {}
}

/** A calendar date without time or zone. Example: `xDate('2020-01-15')` renders `2020-01-15`. */
export class XDate {
  readonly kind = 'date' as const;
  constructor(readonly year: number, readonly month: number, readonly day: number) {}
}

/** A time of day with microsecond precision. Example: `xTime('10:30')` renders `10:30:00.000000`. */
export class XTime {
  readonly kind = 'time' as const;
  constructor(
    readonly hour: number,
    readonly minute: number,
    readonly second: number,
    /** microseconds within the second, 0..999999 */
    readonly micros: number,
  ) {}
}

/**
 * An instant in a time zone, microsecond precision (luxon keeps milliseconds, `extraMicros` keeps the
 * remaining 0..999 microseconds). Example: `xDateTime('2017-01-15T13:24:30.123456-05:00')`.
 */
export class XDateTime {
  readonly kind = 'datetime' as const;
  constructor(readonly dt: DateTime, readonly extraMicros: number = 0) {}
}

/** An ordered list. Items are converted from plain JS on access. Example: `xArray(['a', 1])`. */
export class XArray {
  readonly kind = 'array' as const;
  private readonly cache: (XValue | undefined)[];
  constructor(private readonly raw: readonly unknown[]) {
    this.cache = new Array(raw.length);
  }
  get length(): number {
    return this.raw.length;
  }
  get(index: number): XValue {
    let v = this.cache[index];
    if (v === undefined) {
      v = fromJS(this.raw[index]);
      this.cache[index] = v;
    }
    return v;
  }
  items(): XValue[] {
    const out: XValue[] = [];
    for (let i = 0; i < this.raw.length; i++) out.push(this.get(i));
    return out;
  }
}

/**
 * A set of named properties, looked up case-insensitively, with an optional default value used when
 * the object itself is output or compared (`@contact` prints the contact's name). Plain objects with
 * a `__default__` key get that key as their default.
 * Example: `xObject({ name: 'Bob', age: 3 }, 'Bob')`.
 */
export class XObject {
  readonly kind = 'object' as const;
  /** lowercased key -> real key, built on the first lookup that is not an exact match */
  private lowerKeys: Map<string, string> | null = null;
  private readonly cache = new Map<string, XValue>();
  readonly hasDefault: boolean;
  private readonly rawDefault: unknown;
  private defaultCache: XValue | undefined;

  constructor(private readonly raw: Readonly<Record<string, unknown>>, defaultValue?: unknown) {
    if (defaultValue !== undefined) {
      this.hasDefault = true;
      this.rawDefault = defaultValue;
    } else if (Object.prototype.hasOwnProperty.call(raw, '__default__')) {
      this.hasDefault = true;
      this.rawDefault = raw.__default__;
    } else {
      this.hasDefault = false;
    }
  }

  private keyMap(): Map<string, string> {
    if (!this.lowerKeys) {
      this.lowerKeys = new Map();
      for (const k of Object.keys(this.raw)) {
        if (k === '__default__') continue;
        const lk = k.toLowerCase();
        if (!this.lowerKeys.has(lk)) this.lowerKeys.set(lk, k);
      }
    }
    return this.lowerKeys;
  }

  private realKey(key: string): string | undefined {
    if (key !== '__default__' && Object.prototype.hasOwnProperty.call(this.raw, key)) return key;
    return this.keyMap().get(key.toLowerCase());
  }

  /** Property names in their original case, in insertion order (without `__default__`). */
  keys(): string[] {
    return [...this.keyMap().values()];
  }

  has(key: string): boolean {
    return this.realKey(key) !== undefined;
  }

  /** The property value, or undefined if there is no such property (case-insensitive). */
  get(key: string): XValue | undefined {
    const real = this.realKey(key);
    if (real === undefined) return undefined;
    let v = this.cache.get(real);
    if (v === undefined && !this.cache.has(real)) {
      v = fromJS(this.raw[real]);
      this.cache.set(real, v);
    }
    return v ?? null;
  }

  /** The value that stands for the object when it is output, compared or converted. */
  defaultValue(): XValue {
    if (!this.hasDefault) return this;
    if (this.defaultCache === undefined) this.defaultCache = fromJS(this.rawDefault);
    return this.defaultCache;
  }
}

/** A function value (a lambda, or a builtin function referenced by name). Example: `@(foreach(items, upper))`. */
export class XFunction {
  readonly kind = 'function' as const;
  constructor(readonly name: string, readonly call: (args: XValue[]) => XValue) {}
}

/** An error travelling as a value; templates report its message. Example: `xError('division by zero')`. */
export class XError {
  readonly kind = 'error' as const;
  constructor(readonly message: string) {}
}

/**
 * A context value computed on first read, then kept (plain JS or an XValue, converted by `fromJS`). Lets
 * a context builder leave costly parts (contact fields, URNs, parsed dates) uncomputed until a template
 * reads them, without defining getters. `compute` is a plain function of `a` and `b`, so no closure is needed.
 * Example: `{ created_on: new Deferred(xDateTime, '2020-01-15T10:30:00Z', 'UTC') }`.
 */
export class Deferred<A = unknown, B = undefined> {
  private done = false;
  private result: unknown;
  constructor(
    private readonly compute: (a: A, b: B) => unknown,
    private readonly a: A,
    private readonly b: B,
  ) {}

  /** The computed value (computed once); a Deferred returning a Deferred is resolved too. */
  value(): unknown {
    if (!this.done) {
      let v = this.compute(this.a, this.b);
      while (v instanceof Deferred) v = v.value();
      this.result = v;
      this.done = true;
    }
    return this.result;
  }
}

/** Any expression value; `null` is goflow's nil. Example: `fromJS({ a: [1] })` gives an XObject. */
export type XValue = XText | XNumber | XBoolean | XDate | XTime | XDateTime | XArray | XObject | XFunction | XError | null;

const XVALUE_CLASSES = [XText, XNumber, XBoolean, XDate, XTime, XDateTime, XArray, XObject, XFunction, XError];

export function isXValue(v: unknown): v is Exclude<XValue, null> {
  return XVALUE_CLASSES.some((c) => v instanceof c);
}

export function isError(v: XValue): v is XError {
  return v instanceof XError;
}

// ---------------------------------------------------------------------------------------------------
// Constructors
// ---------------------------------------------------------------------------------------------------

export const X_TRUE = new XBoolean(true);
export const X_FALSE = new XBoolean(false);
export const X_EMPTY = new XText('');

export function xText(s: string): XText {
  return new XText(s);
}

export function xBoolean(b: boolean): XBoolean {
  return b ? X_TRUE : X_FALSE;
}

/** From a JS number, a decimal string ("12.50") or a Decimal. Throws on a non-numeric string. */
export function xNumber(n: number | string | Decimal): XNumber {
  return new XNumber(Decimal.isDecimal(n) ? new Dec(n) : new Dec(typeof n === 'number' ? numberToDecimalString(n) : n));
}

function numberToDecimalString(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`cannot use ${n} as a number`);
  return String(n);
}

export function xError(message: string): XError {
  return new XError(message);
}

export function xArray(items: readonly unknown[]): XArray {
  return new XArray(items);
}

/** An object from properties (plain JS or XValues) and an optional default (plain JS or XValue). */
export function xObject(props: Record<string, unknown>, defaultValue?: unknown): XObject {
  return new XObject(props, defaultValue);
}

/** `xDate('2020-01-15')`. Throws on a malformed date. */
export function xDate(iso: string): XDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.trim());
  if (!m) throw new Error(`invalid date '${iso}', expected YYYY-MM-DD`);
  const d = DateTime.utc(Number(m[1]), Number(m[2]), Number(m[3]));
  if (!d.isValid) throw new Error(`invalid date '${iso}'`);
  return new XDate(d.year, d.month, d.day);
}

/** `xTime('10:30')`, `xTime('10:30:45.123456')`. Throws on a malformed time. */
export function xTime(iso: string): XTime {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/.exec(iso.trim());
  if (!m) throw new Error(`invalid time '${iso}', expected hh:mm[:ss[.ffffff]]`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  const s = m[3] ? Number(m[3]) : 0;
  if (h > 23 || min > 59 || s > 59) throw new Error(`invalid time '${iso}'`);
  const micros = m[4] ? Number(m[4].padEnd(9, '0').slice(0, 6)) : 0;
  return new XTime(h, min, s, micros);
}

/**
 * `xDateTime('2017-01-15T13:24:30.123456-05:00')` keeps the offset given; a JS Date is taken as UTC
 * unless a zone is passed. Throws on a malformed value.
 */
export function xDateTime(value: string | Date, zone?: string): XDateTime {
  if (value instanceof Date) {
    const dt = DateTime.fromJSDate(value, { zone: zone ?? 'UTC' });
    if (!dt.isValid) throw new Error('invalid datetime');
    return new XDateTime(dt, 0);
  }
  const s = value.trim();
  const frac = /\.(\d+)/.exec(s);
  const extraMicros = frac ? Number(frac[1].padEnd(9, '0').slice(3, 6)) : 0;
  let dt = DateTime.fromISO(s, { setZone: true });
  if (!dt.isValid) throw new Error(`invalid datetime '${value}'`);
  if (zone) dt = dt.setZone(zone);
  else if (dt.zone.type === 'fixed' && dt.offset === 0 && /Z$/i.test(s)) dt = dt.setZone('UTC');
  else if (dt.zone.type === 'fixed') dt = dt.setZone(FixedOffsetZone.instance(dt.offset));
  return new XDateTime(dt, extraMicros);
}

/**
 * Converts a plain JS value (from the engine's context) into an XValue. XValues pass through.
 * Strings stay text (goflow contexts carry dates as text unless typed); numbers become decimals.
 * A `Deferred` is computed then converted.
 */
export function fromJS(v: unknown): XValue {
  if (v === null || v === undefined) return null;
  if (v instanceof Deferred) return fromJS(v.value());
  switch (typeof v) {
    case 'string':
      return new XText(v);
    case 'number':
      return Number.isFinite(v) ? new XNumber(new Dec(v)) : new XError(`invalid number ${v}`);
    case 'boolean':
      return xBoolean(v);
    case 'bigint':
      return new XNumber(new Dec(v.toString()));
    case 'function':
      return new XError('functions cannot be passed in a context');
    default:
      break;
  }
  if (isXValue(v)) return v;
  if (Decimal.isDecimal(v)) return new XNumber(new Dec(v as Decimal));
  if (v instanceof Date) return xDateTime(v);
  if (Array.isArray(v)) return new XArray(v);
  if (typeof v === 'object') return new XObject(v as Record<string, unknown>);
  return new XError(`unsupported value in context: ${String(v)}`);
}
