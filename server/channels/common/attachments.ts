/**
 * Outgoing attachments as the adapters need them. Media attachments are "content-type:url"; others a flow may
 * produce (e.g. "geo:-1.29,36.82") cannot be uploaded, so they are appended to the text as a line rather than
 * failing the whole message. Anything else is a FinalError naming the attachment (retrying cannot fix it).
 *
 * Example:
 *   normalizeOutgoing('twilio', { …msg, text: 'Kliniki', attachments: ['geo:-1.29,36.82', 'image/jpeg:https://x/a.jpg'] })
 *   // → { …msg, text: 'Kliniki\ngeo:-1.29,36.82', attachments: ['image/jpeg:https://x/a.jpg'] }
 *   smsTextWithAttachments('Ratiba', ['image/png:https://x/r.png']) // → 'Ratiba\nhttps://x/r.png'
 */
import { FinalError, type OutgoingMessage } from '../types.js';
import { parseAttachment } from './urns.js';

export function normalizeOutgoing<M extends OutgoingMessage>(provider: string, msg: M): M {
  const media: string[] = [];
  const lines: string[] = [];
  for (const a of msg.attachments) {
    if (/^geo:-?\d+(\.\d+)?,-?\d+(\.\d+)?$/.test(a)) lines.push(a);
    else {
      try {
        parseAttachment(a);
      } catch (err) {
        throw new FinalError(`${provider}: ${(err as Error).message}`);
      }
      media.push(a);
    }
  }
  if (lines.length === 0) return msg;
  return { ...msg, text: [msg.text, ...lines].filter((s) => s !== '').join('\n'), attachments: media };
}

/** For SMS: the text, then one media URL per line (SMS cannot carry files). */
export function smsTextWithAttachments(text: string, attachments: string[]): string {
  return [text, ...attachments.map((a) => parseAttachment(a).url)].filter((s) => s !== '').join('\n');
}
