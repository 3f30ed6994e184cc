/**
 * Kannel delivery reports: `status` is the DLR type bitmask value Kannel substitutes for `%d`:
 * 1 delivered → delivered; 2 failed → failed; 4 buffered / 8 submitted to SMSC → sent; 16 rejected by SMSC → failed.
 *
 * Example: `mapKannelStatus(8)` → "sent".
 */
import type { NormalizedStatus } from '../common/inbound.js';

export function mapKannelStatus(value: number): NormalizedStatus['status'] {
  switch (value) {
    case 1:
      return 'delivered';
    case 2:
    case 16:
      return 'failed';
    case 4:
    case 8:
      return 'sent';
    default:
      return null;
  }
}
