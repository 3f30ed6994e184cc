/**
 * User-supplied regular expressions (has_pattern, regex_match). They run on RE2 (re2js): linear
 * time, no backtracking, so "(a+)+$" against a long input returns quickly instead of hanging.
 * Syntax is Go's RE2 syntax, like goflow (inline flags such as `(?i)` work).
 *
 *   const re = compileUserRegex('(?i)buy (\\w+)'); re.firstMatch('Buy cheese') -> ['Buy cheese', 'cheese']
 */
import { RE2JS } from 're2js';
import { XError } from './values.js';

/** Longest pattern accepted; RE2 is linear in the input but compiling a huge pattern still costs. */
export const MAX_PATTERN_LENGTH = 2000;

/** A compiled user regex. Example: see module doc. */
export interface UserRegex {
  /** The first match and its groups (group 0 first; null for unmatched groups), or null. */
  firstMatch(text: string): (string | null)[] | null;
}

export function compileUserRegex(pattern: string): UserRegex | XError {
  if (pattern.length > MAX_PATTERN_LENGTH) return new XError(`regular expression is too long (over ${MAX_PATTERN_LENGTH} characters)`);
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (e) {
    return new XError(`invalid regular expression: ${(e as Error).message}`);
  }
  return {
    firstMatch(text: string) {
      const m = re.matcher(text);
      if (!m.find()) return null;
      const groups: (string | null)[] = [];
      for (let i = 0; i <= m.groupCount(); i++) groups.push(m.group(i));
      return groups;
    },
  };
}
