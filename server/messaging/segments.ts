/**
 * What an outgoing message costs against its channel's rate limit, in SMS segments.
 *
 * `countSegments(text)`: GSM-7 (160 septets alone, 153 per part; extension characters count 2 and never
 * straddle a part boundary) or, when any character is outside GSM-7, UCS-2 counted in UTF-16 code units
 * (70 alone, 67 per part; a surrogate pair never straddles). The counting itself lives in
 * server/channels/common/sms-segments.ts, so the outbox and the adapters' splitters agree.
 *
 * `sendCost(...)`: segments plus one per attachment for phone numbers (an MMS or a link costs a send too,
 * as RapidPro's mailroom counts it); for chat channels (WhatsApp, Telegram, …) the provider counts
 * messages, so one per message plus one per attachment.
 *
 * Example: `countSegments("Habari")` → 1; `countSegments("é".repeat(71))` → 1 (é is GSM-7);
 * `countSegments("ŵ".repeat(71))` → 2; `sendCost({ urn: "tel:+254700000001", segments: 2, attachments: 1 })` → 3.
 */
import { smsSegments } from '../channels/common/sms-segments.js';

export function countSegments(text: string): number {
  return smsSegments(text);
}

/** The inputs of `sendCost`. Example: `{ urn: "whatsapp:2547…", segments: 3, attachments: 0 }` → 1. */
export interface SendCostInput {
  urn: string | null;
  /** messages.segments (countSegments of the text, stored when the message was queued). */
  segments: number;
  attachments: number;
}

export function sendCost({ urn, segments, attachments }: SendCostInput): number {
  const sms = urn === null || urn.startsWith('tel:');
  const text = sms ? Math.max(1, segments) : 1;
  return text + Math.max(0, attachments);
}
