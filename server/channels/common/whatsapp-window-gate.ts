/**
 * The outbox's check of WhatsApp's 24-hour customer-service window, before any WhatsApp message is sent
 * (WhatsApp Cloud channels, and `whatsapp:` URNs on Twilio). Free-form messages (text, media, interactive)
 * may go only within 24 h of the contact's last inbound message on that channel. Outside it:
 *  - if the channel has an approved template configured (`reengagement_template`, one body variable {{1}}),
 *    the message goes as that template with its text as {{1}} (newlines flattened, at most 1,024 characters);
 *  - otherwise the message is not sent and fails with a reason an officer can act on.
 *
 * Example:
 *   const gate = await whatsAppWindowGate(db, { channel, contactId, urn: 'whatsapp:254711000001', now });
 *   // → { kind: 'send' } | { kind: 'template', template: { name: 'kiunga_followup', language: 'sw', bodyParams: ['…'] } }
 *   //   | { kind: 'fail', reason: 'WhatsApp 24-hour window closed: …' }
 */
import { first, type Db } from '../../messaging/sql.js';
import type { ChannelInfo } from '../types.js';
import { whatsAppWindow } from '../whatsapp-cloud/window.js';
import { urnScheme } from './urns.js';

/** An approved template to send instead of a free-form message. Example: `{ name: "kiunga_followup", language: "sw", bodyParams: ["Kliniki …"] }`. */
export interface WindowTemplate {
  name: string;
  language: string;
  bodyParams: string[];
}

/** The gate's decision. */
export type WindowDecision = { kind: 'send' } | { kind: 'template'; template: WindowTemplate } | { kind: 'fail'; reason: string };

/** Meta's limit on a template body parameter. */
const TEMPLATE_PARAM_MAX = 1024;

/** True for messages the 24-hour window applies to. */
export function isWhatsAppSend(channel: ChannelInfo, urn: string): boolean {
  return channel.type === 'whatsapp_cloud' || urnScheme(urn) === 'whatsapp';
}

/** The channel's template: WhatsApp Cloud `{ name, language }`; Twilio `{ content_sid }` (the ContentSid is the name). */
function configuredTemplate(channel: ChannelInfo): { name: string; language: string } | null {
  const t = channel.config.reengagement_template as { name?: unknown; language?: unknown; content_sid?: unknown } | undefined;
  if (t && typeof t.content_sid === 'string' && t.content_sid !== '') return { name: t.content_sid, language: '' };
  return t && typeof t.name === 'string' && t.name !== '' && typeof t.language === 'string' && t.language !== '' ? { name: t.name, language: t.language } : null;
}

/** The text as a template parameter: one line, at most 1,024 characters. */
export function templateParam(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ').trim() || ' ';
  const chars = Array.from(flat);
  return chars.length <= TEMPLATE_PARAM_MAX ? flat : `${chars.slice(0, TEMPLATE_PARAM_MAX - 1).join('')}…`;
}

export async function whatsAppWindowGate(db: Db, input: { channel: ChannelInfo; contactId: string; urn: string; text: string; now: Date }): Promise<WindowDecision> {
  if (!isWhatsAppSend(input.channel, input.urn)) return { kind: 'send' };
  const last = await first<{ created_at: string }>(
    db,
    `SELECT created_at FROM messages WHERE contact_id = ? AND channel_id = ? AND direction = 'in' ORDER BY created_at DESC LIMIT 1`,
    [input.contactId, input.channel.id],
  );
  const window = whatsAppWindow(last?.created_at ?? null, input.now);
  if (window.open) return { kind: 'send' };
  const template = configuredTemplate(input.channel);
  if (template) return { kind: 'template', template: { ...template, bodyParams: [templateParam(input.text)] } };
  const since = last ? `the contact last wrote at ${last.created_at}, more than 24 hours ago` : 'the contact has never written to this channel';
  return {
    kind: 'fail',
    reason: `WhatsApp 24-hour window closed (${since}): free-form messages are not allowed and channel "${input.channel.name}" has no approved template configured (reengagement_template)`,
  };
}
