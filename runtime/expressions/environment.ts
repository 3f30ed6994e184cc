/**
 * The evaluation environment: formats, time zone, country and injected clock/randomness that every
 * expression evaluation reads. Built from goflow's environment JSON by `makeEnvironment`.
 *
 *   const env = makeEnvironment({ date_format: 'DD-MM-YYYY', timezone: 'Africa/Kigali' }, { clock, random });
 */
import type { Environment } from '../engine/api.js';
import { IANAZone } from 'luxon';

/** Everything evaluation depends on besides the context. Example: see `makeEnvironment`. */
export interface EvaluationEnvironment {
  dateFormat: 'DD-MM-YYYY' | 'MM-DD-YYYY' | 'YYYY-MM-DD';
  /** goflow time format, e.g. 'tt:mm' (default), 'tt:mm:ss', 'hh:mm', 'h:mm aa' */
  timeFormat: string;
  /** IANA zone name, default 'UTC' */
  timezone: string;
  /** ISO 3166 alpha-2 country for phone parsing/formatting, e.g. 'RW' */
  defaultCountry: string | null;
  numberFormat: { decimalSymbol: string; digitGroupingSymbol: string };
  redactionPolicy: 'none' | 'urns';
  maxValueLength?: number;
  /** goflow location hierarchy assets: [{ name, aliases?, children?: [...] }] (country at the root) */
  locations?: unknown[];
  /** injected clock (the evaluator never reads the system clock) */
  now: () => Date;
  /** injected randomness in [0,1) */
  random: () => number;
  /** How forgiving word case tests are; absent = case and accents ignored, no typos (goflow). */
  wordMatching?: WordMatching;
}

/**
 * Word comparison of the word case tests. Example: `{ foldAccents: true, maxTypos: 1, minTypoLength: 4 }`
 * ("vacine" matches "vaccine"; words shorter than 4 letters must be spelt right).
 */
export interface WordMatching {
  /** "VACCINÉ" = "vaccine" when true; letter case is always ignored. */
  foldAccents: boolean;
  /** Edits (insert, delete, substitute, swap) tolerated per word; 0 = none. */
  maxTypos: number;
  /** Shorter words must match without typos. */
  minTypoLength: number;
}

/** The evaluation form of the environment's `word_matching` (undefined when absent: goflow's behaviour). */
export function wordMatchingFrom(setting: Environment['word_matching']): WordMatching | undefined {
  if (!setting) return undefined;
  if (setting.mode === 'exact') return { foldAccents: false, maxTypos: 0, minTypoLength: 4 };
  if (setting.mode === 'typos') {
    const max = Number.isInteger(setting.max_distance) && setting.max_distance! >= 0 ? Math.min(setting.max_distance!, 3) : 1;
    return { foldAccents: true, maxTypos: max, minTypoLength: 4 };
  }
  return undefined; // 'accents_case' is the default behaviour
}

export const DEFAULT_NUMBER_FORMAT = { decimalSymbol: '.', digitGroupingSymbol: ',' };

/**
 * Builds an evaluation environment from goflow environment JSON and the session's services.
 * Without services the clock is fixed at the Unix epoch and randomness is a fixed sequence, so a
 * forgotten injection shows up in tests instead of silently using the wall clock.
 */
export function makeEnvironment(
  env?: Environment,
  services?: { clock?: { now(): Date }; random?: { next(): number } },
  locations?: unknown[],
): EvaluationEnvironment {
  const timezone = env?.timezone && IANAZone.isValidZone(env.timezone) ? env.timezone : 'UTC';
  const clock = services?.clock;
  const random = services?.random;
  let fallbackSeed = 0;
  return {
    dateFormat: env?.date_format ?? 'YYYY-MM-DD',
    timeFormat: env?.time_format ?? 'tt:mm',
    timezone,
    defaultCountry: env?.default_country ? env.default_country.toUpperCase() : null,
    numberFormat: env?.number_format
      ? { decimalSymbol: env.number_format.decimal_symbol || '.', digitGroupingSymbol: env.number_format.digit_grouping_symbol ?? ',' }
      : { ...DEFAULT_NUMBER_FORMAT },
    redactionPolicy: env?.redaction_policy ?? 'none',
    maxValueLength: env?.max_value_length,
    locations,
    now: clock ? () => clock.now() : () => new Date(0),
    random: random ? () => random.next() : () => ((fallbackSeed = (fallbackSeed * 9301 + 49297) % 233280) / 233280),
    ...(env?.word_matching ? { wordMatching: wordMatchingFrom(env.word_matching) } : {}),
  };
}
