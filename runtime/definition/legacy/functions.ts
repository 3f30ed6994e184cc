/**
 * How legacy (Excel-like) function calls are written in the current expression language: renames
 * (`PROPER` → `title`), re-orderings (`DAYS(a, b)` → `datetime_diff(b, a, "D")`), 1-based → 0-based indexes
 * (`WORD(t, 1)` → `word(t, 0)`) and operators (`CONCATENATE(a, b)` → `a & b`).
 *
 *   migrateFunctionCall('proper', ['contact.name'])   // 'title(contact.name)'
 */

type CallMigrator = (args: string[], name: string) => string;

export class FunctionMigrationError extends Error {}

const call = (name: string, args: string[]) => `${name}(${args.join(', ')})`;
const asIs: CallMigrator = (args, name) => call(name, args);
const rename = (to: string): CallMigrator => (args) => call(to, args);
const join = (delimiter: string): CallMigrator => (args) => args.join(delimiter);

/** A call built from a template; `$1`, `$2` are the arguments (each must be given). */
function template(text: string): CallMigrator {
  return (args, name) => {
    const needed = Math.max(0, ...[...text.matchAll(/\$(\d)/g)].map((m) => Number(m[1])));
    if (args.length < needed) throw new FunctionMigrationError(`${name.toUpperCase()} needs ${needed} arguments, got ${args.length}`);
    return text.replace(/\$(\d)/g, (_, i: string) => args[Number(i) - 1]!);
  };
}

type ParamMigrator = (arg: string) => string;
const same: ParamMigrator = (a) => a;
/** 1-based to 0-based index: literal numbers are decremented now, anything else at run time. */
const decremented: ParamMigrator = (a) => (/^-?\d+$/.test(a) ? String(Number(a) - 1) : `${a} - 1`);
/** The old by_spaces flag becomes the delimiters argument. */
const bySpaces: ParamMigrator = (a) => (a.trim().toLowerCase() === 'true' ? '" \\t"' : 'NULL');

function params(to: string, migrators: ParamMigrator[], defaults: string[] = []): CallMigrator {
  return (args, name) => {
    if (args.length > migrators.length) throw new FunctionMigrationError(`don't know how to migrate ${name.toUpperCase()} with ${args.length} arguments`);
    const count = Math.max(args.length, defaults.length);
    const out: string[] = [];
    for (let i = 0; i < count; i++) out.push(migrators[i]!(i < args.length ? args[i]! : defaults[i]!));
    return call(to, out);
  };
}

const MIGRATORS: Record<string, CallMigrator> = {
  abs: asIs, and: asIs, char: asIs, clean: asIs, code: asIs, epoch: asIs, format_location: asIs, if: asIs, lower: asIs,
  max: asIs, min: asIs, mod: asIs, now: asIs, or: asIs, percent: asIs, rand: asIs, remove_first_word: asIs, round: asIs,
  today: asIs, upper: asIs,
  average: rename('mean'),
  concatenate: join(' & '),
  date: rename('date_from_parts'),
  datedif: rename('datetime_diff'),
  datevalue: rename('date'),
  day: template('format_date($1, "D")'),
  days: template('datetime_diff($2, $1, "D")'),
  edate: template('datetime_add($1, $2, "M")'),
  exp: template('2.718281828459045 ^ $1'),
  false: () => 'false',
  // the delimiter was optional (a space) in legacy FIELD; the current field() needs it
  field: params('field', [same, decremented, same], ['', '', '" "']),
  first_word: template('word($1, 0)'),
  fixed: params('format_number', [same, same, same], ['', '2']),
  format_date: rename('format_datetime'),
  hour: template('format_datetime($1, "tt")'),
  int: rename('round_down'),
  left: template('text_slice($1, 0, $2)'),
  len: rename('text_length'),
  minute: template('format_datetime($1, "m")'),
  month: template('format_date($1, "M")'),
  power: template('$1 ^ $2'),
  proper: rename('title'),
  randbetween: rename('rand_between'),
  read_digits: rename('read_chars'),
  regex_group: rename('regex_match'),
  rept: rename('repeat'),
  right: template('text_slice($1, -$2)'),
  rounddown: rename('round_down'),
  roundup: rename('round_up'),
  second: template('format_datetime($1, "s")'),
  substitute: rename('replace'),
  sum: join(' + '),
  time: template('time_from_parts($1, $2, $3)'),
  timevalue: template('time($1)'),
  true: () => 'true',
  trunc: rename('round_down'),
  unichar: rename('char'),
  unicode: rename('code'),
  weekday: template('weekday($1) + 1'),
  word_count: params('word_count', [same, bySpaces]),
  word_slice: params('word_slice', [same, decremented, decremented, bySpaces]),
  word: params('word', [same, decremented, bySpaces]),
  year: template('format_date($1, "YYYY")'),
};

/** `name` is lowercase. Unknown functions are kept as they are. */
export function migrateFunctionCall(name: string, args: string[]): string {
  const migrator = MIGRATORS[name];
  return migrator ? migrator(args, name) : call(name, args);
}

/** Return types of current functions, used to turn `date + 5` into `datetime_add(...)`. */
export const FUNCTION_RETURN_TYPES: Record<string, 'number' | 'datetime' | 'date' | 'time'> = {
  abs: 'number', datetime_add: 'datetime', datetime_from_parts: 'datetime', datetime: 'datetime', date: 'date',
  format_date: 'date', max: 'number', mean: 'number', min: 'number', mod: 'number', now: 'datetime', sum: 'number',
  rand: 'number', round: 'number', round_down: 'number', round_up: 'number', time: 'time', time_from_parts: 'time',
  today: 'date',
};
