/**
 * Picks a template text in the interface language (French for "fr", "fr-CA"…; English otherwise).
 * Example: `localized({ en: 'Stock report', fr: 'Rapport de stock' }, 'fr')` → "Rapport de stock".
 */
export function localized(text: { en: string; fr: string }, uiLanguage: string): string {
  return uiLanguage.toLowerCase().startsWith('fr') ? text.fr || text.en : text.en || text.fr;
}
