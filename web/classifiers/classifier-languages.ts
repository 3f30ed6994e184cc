/**
 * The languages a classifier can be trained in (server/nlp/languages.ts supports these four), in the order
 * the forms show them. Example: `CLASSIFIER_LANGUAGES[1]` → "fra".
 */
export const CLASSIFIER_LANGUAGES = ['eng', 'fra', 'por', 'swa'] as const;

/** "0.6" → "60 %" style percentage for confidences and accuracies (null → "—"). */
export function percent(value: number | null | undefined, locale: string): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(value);
}
