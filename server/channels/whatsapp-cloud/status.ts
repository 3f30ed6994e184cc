/**
 * WhatsApp Cloud statuses (webhook `statuses[]`): sent → sent, delivered → delivered, read → read,
 * failed → failed (with the first error's code and title); deleted and others are ignored.
 * Send error codes: 131050 (the user stopped marketing messages from us) stops the contact;
 * 131047 (24-hour window closed) triggers the re-engagement template when configured.
 *
 * Example: `mapWhatsAppStatus('read')` → "read".
 */
import type { NormalizedStatus } from '../common/inbound.js';

export function mapWhatsAppStatus(status: string): NormalizedStatus['status'] {
  return status === 'sent' || status === 'delivered' || status === 'read' || status === 'failed' ? status : null;
}

export const WA_WINDOW_CLOSED = 131047;
export const WA_USER_STOPPED_MARKETING = 131050;
/** Meta's limits (payloads.go in courier, Meta's "Messages" reference). */
export const WA_TEXT_MAX = 4096;
export const WA_CAPTION_MAX = 1024;
export const WA_INTERACTIVE_BODY_MAX = 1024;
export const WA_BUTTONS_MAX = 3;
export const WA_BUTTON_TITLE_MAX = 20;
export const WA_LIST_ROWS_MAX = 10;
export const WA_LIST_TITLE_MAX = 24;
export const WA_LIST_DESCRIPTION_MAX = 72;
