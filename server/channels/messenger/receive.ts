/**
 * Messenger webhook: `…/webhooks/channels/messenger/<uuid>/receive`, same handshake and X-Hub-Signature-256 as WhatsApp.
 *
 *   POST {"object":"page","entry":[{"id":"<page id>","messaging":[{"sender":{"id":PSID},"recipient":{"id":PAGE},"timestamp":…,
 *         "message":{"mid","text","attachments":[{"type":"image","payload":{"url"}}],"quick_reply":{"payload"}}
 *         | "postback":{"mid","title","payload"} | "delivery":{"mids":[…]}}]}]}
 *
 * Only events for this channel's page (recipient id = channel address). Echoes of our own messages are skipped.
 * Attachments (image/audio/video/file) are downloaded into the media store (their CDN links expire);
 * location → "geo:lat,lng". A postback (a button tap) arrives as a message with the button title as text.
 */
import type { WebhookResponse } from '../../http/webhooks.js';
import { deliverInbound, deliverStatus, type NormalizedInbound } from '../common/inbound.js';
import { downloadToStore } from '../common/media-store.js';
import { metaVerifyHandshake, verifyMetaSignature } from '../common/meta.js';
import { jsonAnswer, rejectSignature, type ProviderWebhookContext } from '../common/webhook.js';
import { parseMessengerConfig } from './config.js';

interface FbAttachment { type?: string; payload?: { url?: string; coordinates?: { lat?: number; long?: number } } }
interface FbEvent {
  sender?: { id?: string };
  recipient?: { id?: string };
  timestamp?: number;
  message?: { mid?: string; text?: string; is_echo?: boolean; attachments?: FbAttachment[]; quick_reply?: { payload?: string } };
  postback?: { mid?: string; title?: string; payload?: string };
  delivery?: { mids?: string[] };
}

const FALLBACK_TYPES: Record<string, string> = { image: 'image/jpeg', audio: 'audio/mpeg', video: 'video/mp4', file: 'application/octet-stream' };

export async function normalizeMessengerEvent(event: FbEvent): Promise<NormalizedInbound | null> {
  const psid = event.sender?.id;
  if (!psid) return null;
  const urn = `facebook:${psid}`;
  if (event.postback) {
    const externalId = event.postback.mid ?? `postback:${psid}:${event.timestamp ?? ''}`;
    return { urn, text: event.postback.title ?? event.postback.payload ?? '', attachments: [], externalId };
  }
  const m = event.message;
  if (!m?.mid || m.is_echo) return null;
  const attachments: string[] = [];
  for (const a of m.attachments ?? []) {
    const coords = a.payload?.coordinates;
    if (a.type === 'location' && coords?.lat != null && coords.long != null) attachments.push(`geo:${coords.lat},${coords.long}`);
    else if (a.payload?.url && a.type && a.type !== 'fallback' && a.type !== 'template') {
      attachments.push(await downloadToStore('messenger', a.payload.url, { fallbackType: FALLBACK_TYPES[a.type] }));
    }
  }
  return { urn, text: m.text ?? '', attachments, externalId: m.mid };
}

export async function handleMessengerWebhook({ rt, channel, req }: ProviderWebhookContext): Promise<WebhookResponse> {
  const cfg = parseMessengerConfig(channel.config);
  const handshake = metaVerifyHandshake(req, cfg.verify_token);
  if (handshake) return handshake;
  if (req.method !== 'POST') return { status: 405, headers: { allow: 'GET, POST' }, json: { ok: false, error: 'use POST' } };
  const verdict = verifyMetaSignature(req, cfg.app_secret);
  if (verdict !== 'valid') return rejectSignature(verdict === 'missing', 'X-Hub-Signature-256');
  let payload: { object?: string; entry?: { id?: string; messaging?: FbEvent[] }[] };
  try {
    payload = JSON.parse(req.body.toString('utf8')) as typeof payload;
  } catch {
    return jsonAnswer(200, { ok: false, error: 'body is not JSON; ignored' });
  }
  if (payload?.object !== 'page') return jsonAnswer(200, { ok: false, error: `object "${String(payload?.object)}" is not page; ignored` });
  const counts = { messages: 0, statuses: 0 };
  const seen = new Set<string>();
  for (const entry of payload.entry ?? []) {
    for (const event of entry.messaging ?? []) {
      if (event.recipient?.id !== channel.address && !event.message?.is_echo) continue; // another page of the same app
      if (event.delivery) {
        for (const mid of event.delivery.mids ?? []) if (await deliverStatus(rt, channel, { providerId: mid, status: 'delivered' })) counts.statuses++;
        continue;
      }
      const msg = await normalizeMessengerEvent(event);
      if (!msg || (msg.externalId && seen.has(msg.externalId))) continue;
      if (msg.externalId) seen.add(msg.externalId);
      await deliverInbound(rt, channel, msg);
      counts.messages++;
    }
  }
  return jsonAnswer(200, { ok: true, ...counts });
}
