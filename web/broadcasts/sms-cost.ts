/**
 * The SMS cost estimate of a broadcast: segments of the text × recipients × the price of one segment
 * (a number the program officer enters, remembered in this browser), rounded to cents.
 *
 *   estimateCost({ segments: 2, recipients: 120, pricePerSegment: 0.8 })  // → 192
 */

/** Example: `{ segments: 2, recipients: 120, pricePerSegment: 0.8 }`. */
export interface CostInput {
  segments: number;
  recipients: number;
  pricePerSegment: number;
}

export function estimateCost({ segments, recipients, pricePerSegment }: CostInput): number {
  if (!Number.isFinite(pricePerSegment) || pricePerSegment < 0) return 0;
  return Math.round(segments * recipients * pricePerSegment * 100) / 100;
}

const STORAGE_KEY = 'kiunga.broadcasts.price';

/** The price and currency last entered in this browser. Example: `{ price: '0.8', currency: 'KES' }`. */
export function savedPrice(): { price: string; currency: string } {
  try {
    const value = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? 'null') as { price?: unknown; currency?: unknown } | null;
    return { price: typeof value?.price === 'string' ? value.price : '', currency: typeof value?.currency === 'string' ? value.currency : '' };
  } catch {
    return { price: '', currency: '' };
  }
}

export function savePrice(price: string, currency: string): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify({ price, currency }));
  } catch {
    // storage blocked: the estimate still works for this visit
  }
}
