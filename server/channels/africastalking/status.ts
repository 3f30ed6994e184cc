/**
 * Africa's Talking delivery reports: `POST …/status` (form) with `id`, `status`, `failureReason`.
 * Success → delivered; Sent/Submitted/Buffered → sent; Rejected/Failed/Expired/AbsentSubscriber → failed.
 *
 * Example: `mapAfricasTalkingStatus('Buffered')` → "sent".
 */
import type { NormalizedStatus } from '../common/inbound.js';

export function mapAfricasTalkingStatus(status: string): NormalizedStatus['status'] {
  switch (status) {
    case 'Success':
      return 'delivered';
    case 'Sent':
    case 'Submitted':
    case 'Buffered':
      return 'sent';
    case 'Rejected':
    case 'Failed':
    case 'Expired':
    case 'AbsentSubscriber':
      return 'failed';
    default:
      return null;
  }
}

/** Recipient status codes on send that mean the subscriber refused us: 406 UserInBlacklist, 409 DoNotDisturbRejection. */
export const AT_STOPPED_CODES = new Set([406, 409]);
/** Temporary: 405 InsufficientBalance (until topped up), 500 InternalServerError, 501 GatewayError. */
export const AT_RETRYABLE_CODES = new Set([405, 500, 501]);
