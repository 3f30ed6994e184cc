/**
 * Messenger Send API: `POST {graph}/{version}/me/messages?access_token=<page token>` with
 * `{"recipient":{"id":PSID},"messaging_type":"RESPONSE"|"UPDATE","message":{…}}`.
 *
 * Attachments first (`{"attachment":{"type":"image|audio|video|file","payload":{"url","is_reusable":true}}}`), then the text
 * split at 2,000 characters; quick replies (≤13, titles ≤20) ride on the last text part. Replies (priority 1) go as
 * RESPONSE, bulk as UPDATE (Meta allows UPDATE only within the 24-hour window; outside it, sends fail with (10, 2018278)).
 * Answer `{"recipient_id","message_id"}` → wired with the first message_id. Errors: throttling codes and 5xx → retry;
 * "person unavailable" (551 …) → contact stopped; other 4xx → failed.
 */
import { FinalError, RetryableError, type ChannelInfo, type OutgoingMessage, type SendResult } from '../types.js';
import { GRAPH_TEMPORARY_CODES, GRAPH_THROTTLE_CODES, graphError } from '../common/meta.js';
import { normalizeOutgoing } from '../common/attachments.js';
import { sendParts } from '../common/multipart-send.js';
import { failFor, providerFetch, retryAfterSeconds } from '../common/provider-http.js';
import { splitText } from '../common/sms-segments.js';
import { mediaKind, parseAttachment, urnPath } from '../common/urns.js';
import { parseMessengerConfig } from './config.js';
import { isMessengerStopped, MESSENGER_QUICK_REPLIES_MAX, MESSENGER_QUICK_REPLY_TITLE_MAX, MESSENGER_TEXT_MAX } from './status.js';

type FbMessage = Record<string, unknown>;

/** The `message` objects one outgoing message becomes, in order. */
export function messengerMessages(msg: OutgoingMessage): FbMessage[] {
  const out: FbMessage[] = [];
  for (const a of msg.attachments) {
    const { contentType, url } = parseAttachment(a);
    const kind = mediaKind(contentType);
    out.push({ attachment: { type: kind === 'document' ? 'file' : kind, payload: { url, is_reusable: true } } });
  }
  if (msg.text === '' && msg.quickReplies.length === 0) return out;
  const parts = splitText(msg.text === '' ? ' ' : msg.text, MESSENGER_TEXT_MAX);
  parts.forEach((text, i) => {
    const last = i === parts.length - 1;
    const quickReplies = last
      ? msg.quickReplies.slice(0, MESSENGER_QUICK_REPLIES_MAX).map((r) => ({ content_type: 'text', title: Array.from(r).slice(0, MESSENGER_QUICK_REPLY_TITLE_MAX).join(''), payload: r }))
      : [];
    out.push({ text, ...(quickReplies.length ? { quick_replies: quickReplies } : {}) });
  });
  return out;
}

export async function sendMessenger(original: OutgoingMessage, channel: ChannelInfo): Promise<SendResult> {
  const msg = normalizeOutgoing('messenger', original);
  const cfg = parseMessengerConfig(channel.config);
  const messages = messengerMessages(msg);
  if (messages.length === 0) throw new FinalError('messenger: nothing to send (no text, attachment or quick reply)');
  const url = `${cfg.graph_url}/${cfg.api_version}/me/messages?access_token=${encodeURIComponent(cfg.page_access_token)}`;
  return sendParts(msg.uuid, messages.length, async (i) => {
    const res = await providerFetch('messenger', url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ recipient: { id: urnPath(msg.urn) }, messaging_type: msg.priority === 1 ? 'RESPONSE' : 'UPDATE', message: messages[i] }),
    }, cfg.timeout_ms);
    if (res.ok) {
      const id = res.json?.message_id;
      if (typeof id !== 'string') throw new FinalError(`messenger: accepted without a message_id: ${res.text.slice(0, 200)}`);
      return id;
    }
    const err = graphError(res);
    const why = `messenger: ${err.message}${err.code ? ` (code ${err.code}${err.subcode ? `/${err.subcode}` : ''})` : ''}`;
    if (err.code !== null && GRAPH_THROTTLE_CODES.has(err.code)) throw new RetryableError(why, retryAfterSeconds(res.headers));
    if (err.code !== null && GRAPH_TEMPORARY_CODES.has(err.code)) throw new RetryableError(why);
    if (isMessengerStopped(err)) throw new FinalError(why, { contactStopped: true });
    throw failFor('messenger', res, why.replace(/^messenger: /, ''));
  });
}
