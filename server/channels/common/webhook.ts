/**
 * The plumbing every provider webhook shares: `/webhooks/channels/<provider>/<channel uuid>/<action>`
 * → the active channel of that type, or 404; a thrown error → 500 so the provider retries later
 * (nothing was stored). Each provider's handler then verifies the signature itself.
 *
 * Example:
 *   registry.register(webhookPrefix('telegram'), providerWebhook(rt, 'telegram', async ({ channel, action, req }) => …));
 *   // POST /webhooks/channels/telegram/0193…/receive → action "receive"
 */
import type { WebhookHandler, WebhookRequest, WebhookResponse } from '../../http/webhooks.js';
import { channelByUuid, type CachedChannel } from '../../messaging/channels-cache.js';
import type { MessagingRuntime } from '../../messaging/runtime.js';

/** What a provider handler gets. `action` is the path segment after the channel uuid ("" when none). */
export interface ProviderWebhookContext {
  rt: MessagingRuntime;
  channel: CachedChannel;
  action: string;
  req: WebhookRequest;
}

export const CHANNEL_WEBHOOK_ROOT = '/webhooks/channels/';

/** Example: `webhookPrefix('twilio')` → "/webhooks/channels/twilio/". */
export function webhookPrefix(provider: string): string {
  return `${CHANNEL_WEBHOOK_ROOT}${provider}/`;
}

/** The path of a channel's webhook. Example: `webhookPath('twilio', uuid, 'status')` → "/webhooks/channels/twilio/<uuid>/status". */
export function webhookPath(provider: string, channelUuid: string, action: string): string {
  return `${webhookPrefix(provider)}${channelUuid}${action ? `/${action}` : ''}`;
}

export function jsonAnswer(status: number, json: unknown): WebhookResponse {
  return { status, json };
}

/** 401 without a signature, 403 with a wrong one. Nothing is stored in either case. */
export function rejectSignature(missing: boolean, what: string): WebhookResponse {
  return { status: missing ? 401 : 403, json: { ok: false, error: missing ? `missing ${what}` : `invalid ${what}` } };
}

export function providerWebhook(
  rt: MessagingRuntime,
  provider: string,
  channelType: string,
  actions: readonly string[],
  handle: (ctx: ProviderWebhookContext) => Promise<WebhookResponse>,
): WebhookHandler {
  return async (req) => {
    const [channelUuid, action = '', ...rest] = req.subPath.split('/').filter(Boolean);
    if (!channelUuid || rest.length > 0 || !actions.includes(action)) {
      return jsonAnswer(404, { ok: false, error: `expected ${webhookPrefix(provider)}<channel uuid>/{${actions.map((a) => a || "''").join('|')}}` });
    }
    const channel = await channelByUuid(rt.db, channelUuid);
    if (!channel || channel.type !== channelType || !channel.active) return jsonAnswer(404, { ok: false, error: `no active ${channelType} channel ${channelUuid}` });
    try {
      return await handle({ rt, channel, action, req });
    } catch (err) {
      rt.logger.error(`${provider} webhook failed`, { channel: channel.uuid, action, error: String(err) });
      return jsonAnswer(500, { ok: false, error: 'could not store the request; retry later' });
    }
  };
}
