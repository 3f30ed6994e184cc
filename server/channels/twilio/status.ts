/**
 * Twilio message statuses (status callback `MessageStatus`) → ours: queued/sent → sent,
 * delivered → delivered, read → read, failed/undelivered → failed; accepted/sending/scheduled → ignored.
 * Error 21610 (recipient replied STOP) also stops the contact; 63018 (throttled) puts the message back in the outbox.
 *
 * Example: `mapTwilioStatus('undelivered')` → "failed".
 */
import type { NormalizedStatus } from '../common/inbound.js';

export function mapTwilioStatus(status: string): NormalizedStatus['status'] {
  switch (status) {
    case 'queued':
    case 'sent':
      return 'sent';
    case 'delivered':
      return 'delivered';
    case 'read':
      return 'read';
    case 'failed':
    case 'undelivered':
      return 'failed';
    default:
      return null;
  }
}

/** The recipient opted out (STOP): sending fails with this code until they send START. */
export const TWILIO_UNSUBSCRIBED = 21610;
/** A WhatsApp sender exceeded its rate: in a status callback, the message was not sent and is retried. */
export const TWILIO_WHATSAPP_THROTTLED = 63018;
/** Pause before the outbox retries a message Twilio reported as throttled. */
export const THROTTLED_RETRY_SECONDS = 60;
/** Throttling codes: 20429 (too many requests), 63018 (WhatsApp rate limit), 14107 (rate limit). */
export const TWILIO_THROTTLE_CODES = new Set([20429, 63018, 14107]);
/** Twilio's limit on one message body; longer texts are split into several messages. */
export const TWILIO_MAX_BODY = 1600;
