/**
 * Texts a translator has nothing to do with: case arguments that are all numbers ("0", "10" of "has a
 * number between") and category names that are a number or a range ("18-45", "60+", "< 5"). They stay
 * translatable, but a missing translation of them is not a problem worth reporting. Words ("10 to 20") and
 * every other property (messages, quick replies…) always count.
 *
 * Example: `isLanguageNeutral({ property: 'arguments', base: ['0', '10'] }, 'case')` → true;
 *          `languageNeutralPaths(flow)` → Set { "nodes[2].router.cases[0].arguments[0]", … }.
 */
import type { Flow } from '../definition/types.js';

/** A number: "10", "-2", "3.5", "1,5", "1 000". */
const NUMBER = String.raw`-?\d+(?:[ \u00a0]\d{3})*(?:[.,]\d+)?`;
const NUMERIC_TEXT = new RegExp(`^${NUMBER}$`);
/** A number or a range of numbers: "18-45", "0 – 4", "60+", "< 5", ">= 60", "10..20". */
const NUMBER_RANGE = new RegExp(`^(?:[<>≤≥]=?\\s*)?${NUMBER}(?:\\s*(?:[-–—]|\\.\\.)\\s*${NUMBER}|\\s*\\+)?$`);

/** The kind of item a localizable property belongs to. */
export type LocalizableKind = 'case' | 'category' | 'action';

export function isLanguageNeutral(text: { property: string; base: readonly string[] }, kind: LocalizableKind): boolean {
  const values = text.base.map((value) => value.trim()).filter((value) => value !== '');
  if (values.length === 0) return false;
  if (kind === 'case' && text.property === 'arguments') return values.every((value) => NUMERIC_TEXT.test(value));
  if (kind === 'category' && text.property === 'name') return values.every((value) => NUMBER_RANGE.test(value));
  return false;
}

/** The JSON paths (as the inspector writes them) of the flow's language-neutral texts. */
export function languageNeutralPaths(flow: Flow): Set<string> {
  const paths = new Set<string>();
  flow.nodes.forEach((node, n) => {
    const router = node.router;
    if (!router) return;
    router.categories.forEach((category, c) => {
      if (isLanguageNeutral({ property: 'name', base: [category.name] }, 'category')) paths.add(`nodes[${n}].router.categories[${c}].name`);
    });
    if (router.type !== 'switch') return;
    router.cases.forEach((testCase, c) => {
      const args = testCase.arguments ?? [];
      if (isLanguageNeutral({ property: 'arguments', base: args }, 'case')) args.forEach((_arg, i) => paths.add(`nodes[${n}].router.cases[${c}].arguments[${i}]`));
    });
  });
  return paths;
}
