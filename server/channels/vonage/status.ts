/**
 * Vonage delivery receipts → our statuses: delivered → delivered; accepted/buffered → sent;
 * failed/expired/rejected → failed; unknown → no change. DLR `err-code` 4 ("call barred by user")
 * also stops the contact. Send answers: per-message `status` codes, "0" = accepted.
 *
 * Example: `mapVonageStatus('buffered')` → "sent".
 */
import type { NormalizedStatus } from '../common/inbound.js';

export function mapVonageStatus(status: string): NormalizedStatus['status'] {
  switch (status) {
    case 'delivered':
      return 'delivered';
    case 'accepted':
    case 'buffered':
      return 'sent';
    case 'failed':
    case 'expired':
    case 'rejected':
      return 'failed';
    default:
      return null;
  }
}

/** Messages API statuses: submitted → sent, delivered, read, rejected/undeliverable → failed. Example: `mapVonageMessagesStatus('undeliverable')` → "failed". */
export function mapVonageMessagesStatus(status: string): NormalizedStatus['status'] {
  switch (status) {
    case 'submitted':
      return 'sent';
    case 'delivered':
      return 'delivered';
    case 'read':
      return 'read';
    case 'rejected':
    case 'undeliverable':
      return 'failed';
    default:
      return null;
  }
}

/** DLR error codes, from Vonage's "Delivery receipt" reference. */
export const VONAGE_DLR_ERRORS: Record<string, string> = {
  '1': 'unknown', '2': 'absent subscriber (temporary)', '3': 'absent subscriber (permanent)', '4': 'call barred by user',
  '5': 'portability error', '6': 'anti-spam rejection', '7': 'handset busy', '8': 'network error', '9': 'illegal number',
  '10': 'illegal message', '11': 'unroutable', '12': 'destination unreachable', '13': 'subscriber age restriction',
  '14': 'number blocked by carrier', '15': 'pre-paid insufficient funds', '99': 'general error',
};
export const VONAGE_DLR_BARRED_BY_USER = '4';

/** Send status codes that are temporary: 1 throttled, 5 internal error, 9 partner quota (balance) exceeded. */
export const VONAGE_RETRYABLE_SEND_CODES = new Set(['1', '5', '9']);
/** 7 = the destination is on the barred (opted-out) list. */
export const VONAGE_STOPPED_SEND_CODES = new Set(['7']);
/** Vonage's documented maximum for one request's text; longer texts are sent as several messages. */
export const VONAGE_MAX_TEXT = 1600;
