/**
 * Result keys: a result named "Favorite Color" is read as `@results.favorite_color`.
 * Runs of characters that are not letters, digits or underscores become one underscore; the result is
 * lowercased and trimmed of underscores.
 *
 *   snakify('Favorite Color!') // 'favorite_color'
 *   snakify('Response 1')      // 'response_1'
 */
export function snakify(text: string): string {
  return text
    .replace(/[^\p{L}\p{N}_]+/gu, '_')
    .toLowerCase()
    .replace(/^_+|_+$/g, '');
}

/** Truncates to at most `max` characters (code points, not UTF-16 units). */
export function truncateChars(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max).join('');
}

/** Length in characters (code points). */
export function charLength(text: string): number {
  return Array.from(text).length;
}
