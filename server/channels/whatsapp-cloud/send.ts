/**
 * WhatsApp Cloud send: `POST {graph}/{version}/{phone_number_id}/messages`, `Authorization: Bearer <token>`.
 *
 * One OutgoingMessage becomes, in order: each attachment as image/audio/video/document (`link`), the text as the
 * caption of a single captionable attachment when it fits 1,024 characters; then the text, split at 4,096 characters;
 * quick replies turn the last text part into an interactive message: reply buttons (≤3, titles ≤20) or a list
 * (≤10 rows, titles ≤24; longer titles go into the row description, ≤72), body ≤1,024.
 * A message carrying `template` (see `WhatsAppOutgoing`) is sent as that approved template instead.
 *
 * Every payload carries `biz_opaque_callback_data: <message uuid>`, which Meta returns in status webhooks.
 * Answers: `{"messages":[{"id":"wamid…"}]}` → wired with the first wamid. Errors: throttle codes (130429, 131056 pair rate, …)
 * and 5xx → retry; 131050 (user stopped marketing messages) → contact stopped; 131047 (24 h window closed) → re-sent as the
 * channel's `reengagement_template` if configured, else failed; other 4xx → failed.
 */
import { FinalError, RetryableError, type ChannelInfo, type OutgoingMessage, type SendResult } from '../types.js';
import { GRAPH_TEMPORARY_CODES, GRAPH_THROTTLE_CODES, graphError } from '../common/meta.js';
import { normalizeOutgoing } from '../common/attachments.js';
import { sendParts } from '../common/multipart-send.js';
import { failFor, providerFetch, retryAfterSeconds } from '../common/provider-http.js';
import { splitText } from '../common/sms-segments.js';
import { mediaKind, parseAttachment, urnPath } from '../common/urns.js';
import { parseWhatsAppCloudConfig, type WhatsAppCloudConfig } from './config.js';
import {
  WA_BUTTON_TITLE_MAX, WA_BUTTONS_MAX, WA_CAPTION_MAX, WA_INTERACTIVE_BODY_MAX, WA_LIST_DESCRIPTION_MAX, WA_LIST_ROWS_MAX,
  WA_LIST_TITLE_MAX, WA_TEXT_MAX, WA_USER_STOPPED_MARKETING, WA_WINDOW_CLOSED,
} from './status.js';

/** An approved template to send. Example: `{ name: "appointment_reminder", language: "sw", bodyParams: ["Amina", "kesho"] }`. */
export interface WhatsAppTemplate {
  name: string;
  language: string;
  bodyParams?: string[];
}

/** An outgoing message that may ask for a template (used outside the 24-hour window). */
export interface WhatsAppOutgoing extends OutgoingMessage {
  template?: WhatsAppTemplate;
}

type Payload = Record<string, unknown>;

function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export function templatePayload(t: WhatsAppTemplate): Payload {
  return {
    type: 'template',
    template: {
      name: t.name,
      language: { policy: 'deterministic', code: t.language },
      ...(t.bodyParams?.length ? { components: [{ type: 'body', parameters: t.bodyParams.map((text) => ({ type: 'text', text })) }] } : {}),
    },
  };
}

/** An interactive message for quick replies: buttons when they fit, else a list. */
export function interactivePayload(body: string, quickReplies: string[]): Payload {
  const replies = quickReplies.slice(0, WA_LIST_ROWS_MAX);
  const text = clip(body || ' ', WA_INTERACTIVE_BODY_MAX);
  if (replies.length <= WA_BUTTONS_MAX && replies.every((r) => Array.from(r).length <= WA_BUTTON_TITLE_MAX)) {
    return { type: 'interactive', interactive: { type: 'button', body: { text }, action: { buttons: replies.map((r, i) => ({ type: 'reply', reply: { id: String(i), title: r } })) } } };
  }
  const rows = replies.map((r, i) => {
    const long = Array.from(r).length > WA_LIST_TITLE_MAX;
    return { id: String(i), title: clip(r, WA_LIST_TITLE_MAX), ...(long ? { description: clip(r, WA_LIST_DESCRIPTION_MAX) } : {}) };
  });
  return { type: 'interactive', interactive: { type: 'list', body: { text }, action: { button: 'Menu', sections: [{ title: 'Options', rows }] } } };
}

/** The payloads (without recipient) one message becomes, in sending order. */
export function whatsAppPayloads(msg: WhatsAppOutgoing): Payload[] {
  if (msg.template) return [templatePayload(msg.template)];
  const out: Payload[] = [];
  const media = msg.attachments.map(parseAttachment);
  const single = media.length === 1 ? mediaKind(media[0]!.contentType) : null;
  const captionFits = single !== null && single !== 'audio' && msg.text !== '' && Array.from(msg.text).length <= WA_CAPTION_MAX && msg.quickReplies.length === 0;
  for (const m of media) {
    const kind = mediaKind(m.contentType);
    out.push({ type: kind, [kind]: { link: m.url, ...(captionFits ? { caption: msg.text } : {}) } });
  }
  if (captionFits || (msg.text === '' && msg.quickReplies.length === 0)) return out;
  if (msg.quickReplies.length > 0) {
    // The interactive body holds at most 1,024 characters: anything before goes as plain text first.
    const parts = Array.from(msg.text).length <= WA_INTERACTIVE_BODY_MAX ? [msg.text] : splitText(msg.text, WA_INTERACTIVE_BODY_MAX);
    const last = parts.pop()!;
    for (const p of parts.length ? splitText(parts.join(' '), WA_TEXT_MAX) : []) out.push({ type: 'text', text: { body: p, preview_url: false } });
    out.push(interactivePayload(last, msg.quickReplies));
    return out;
  }
  for (const p of splitText(msg.text, WA_TEXT_MAX)) out.push({ type: 'text', text: { body: p, preview_url: false } });
  return out;
}

async function post(cfg: WhatsAppCloudConfig, to: string, payload: Payload, msgUuid: string): Promise<string> {
  const res = await providerFetch('whatsapp_cloud', `${cfg.graph_url}/${cfg.api_version}/${cfg.phone_number_id}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${cfg.access_token}`, 'content-type': 'application/json' },
    // Meta echoes biz_opaque_callback_data in status webhooks: a status that overtakes our record of the wamid still matches.
    body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to, ...payload, biz_opaque_callback_data: msgUuid }),
  }, cfg.timeout_ms);
  if (res.ok) {
    const id = (res.json?.messages as { id?: string }[] | undefined)?.[0]?.id;
    if (!id) throw new FinalError(`whatsapp_cloud: accepted without a message id: ${res.text.slice(0, 200)}`);
    return id;
  }
  const err = graphError(res);
  const why = `whatsapp_cloud: ${err.message}${err.code ? ` (code ${err.code})` : ''}`;
  if (err.code !== null && GRAPH_THROTTLE_CODES.has(err.code)) throw new RetryableError(why, retryAfterSeconds(res.headers));
  if (err.code !== null && GRAPH_TEMPORARY_CODES.has(err.code)) throw new RetryableError(why);
  if (err.code === WA_USER_STOPPED_MARKETING) throw new FinalError(why, { contactStopped: true });
  if (err.code === WA_WINDOW_CLOSED) throw new WindowClosedError(why);
  throw failFor('whatsapp_cloud', res, err.message + (err.code ? ` (code ${err.code})` : ''));
}

/** Meta refused a free-form message: the 24-hour window is closed. */
export class WindowClosedError extends FinalError {
  constructor(message: string) {
    super(message);
    this.name = 'FinalError';
  }
}

export async function sendWhatsAppCloud(original: WhatsAppOutgoing, channel: ChannelInfo): Promise<SendResult> {
  const msg = normalizeOutgoing('whatsapp_cloud', original);
  const cfg = parseWhatsAppCloudConfig(channel.config);
  const to = urnPath(msg.urn).replace(/^\+/, '');
  const payloads = whatsAppPayloads(msg);
  if (payloads.length === 0) throw new FinalError('whatsapp_cloud: nothing to send (no text, attachment or template)');
  try {
    return await sendParts(msg.uuid, payloads.length, (i) => post(cfg, to, payloads[i]!, msg.uuid));
  } catch (err) {
    if (!(err instanceof WindowClosedError) || !cfg.reengagement_template || msg.template) throw err;
    // Outside the 24-hour window: re-engage with the approved template carrying the text.
    const template = { ...cfg.reengagement_template, bodyParams: [clip(msg.text.replace(/\s*\n\s*/g, ' ') || ' ', WA_CAPTION_MAX)] };
    return sendParts(`${msg.uuid}:template`, 1, () => post(cfg, to, templatePayload(template), msg.uuid));
  }
}
