/**
 * URN helpers for providers that give bare phone numbers.
 *
 * Example: `telUrn('254711000001')` → "tel:+254711000001"; `telUrn('+254 711 000001')` → "tel:+254711000001";
 * `telUrn('MOH')` (an alphanumeric sender) → "tel:MOH"; `urnPath('tel:+2547…')` → "+2547…".
 */

/** A tel URN in E.164 form when the input is a number (international, with or without "+"). */
export function telUrn(raw: string): string {
  const trimmed = raw.trim();
  const digits = trimmed.replace(/[\s\-().]/g, '');
  if (/^\+?\d{6,15}$/.test(digits)) return `tel:+${digits.replace(/^\+/, '')}`;
  if (trimmed === '') throw new Error('empty sender number');
  return `tel:${trimmed}`;
}

/** The path of a URN, without scheme, query or display fragment. */
export function urnPath(urn: string): string {
  const colon = urn.indexOf(':');
  const path = colon >= 0 ? urn.slice(colon + 1) : urn;
  return path.split(/[?#]/)[0]!;
}

export function urnScheme(urn: string): string {
  const colon = urn.indexOf(':');
  return colon > 0 ? urn.slice(0, colon).toLowerCase() : '';
}

/** "content-type:url" → its parts. The URL itself has a ":" so only the first one that precedes "http" or "/" splits. */
export function parseAttachment(attachment: string): { contentType: string; url: string } {
  const match = /^([^:]+?):((?:https?:)?\/.*)$/i.exec(attachment);
  if (!match) throw new Error(`attachment "${attachment.slice(0, 80)}" is not "content-type:url"`);
  return { contentType: match[1]!.toLowerCase(), url: match[2]! };
}

/** image | audio | video | document, by content type. */
export function mediaKind(contentType: string): 'image' | 'audio' | 'video' | 'document' {
  const main = contentType.split('/')[0];
  if (main === 'image' || main === 'audio' || main === 'video') return main;
  return 'document';
}
