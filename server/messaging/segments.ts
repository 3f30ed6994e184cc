/**
 * SMS segment count of a text: GSM-7 (160 alone, 153 per part; extension characters count twice) or,
 * when any character is outside GSM-7, UCS-2 counted in UTF-16 code units (70 alone, 67 per part).
 *
 * Example: `countSegments("Habari")` → 1; `countSegments("é".repeat(71))` → 1 (é is GSM-7);
 * `countSegments("ŵ".repeat(71))` → 2.
 */
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '^{}\\[~]|€\f';
const basic = new Set(GSM7_BASIC);
const extension = new Set(GSM7_EXTENSION);

export function countSegments(text: string): number {
  if (text.length === 0) return 1;
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (basic.has(ch)) septets += 1;
    else if (extension.has(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return septets <= 160 ? 1 : Math.ceil(septets / 153);
  const units = text.length; // UTF-16 code units: astral emoji count as two, as on the air interface
  return units <= 70 ? 1 : Math.ceil(units / 67);
}
