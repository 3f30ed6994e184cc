/**
 * The provider channel types (Africa's Talking, Twilio, Vonage, generic HTTP/Kannel, WhatsApp Cloud,
 * Messenger, Telegram) and their webhook routes. The server registers both at start-up:
 *
 *   for (const type of PROVIDER_CHANNEL_TYPES) defaultChannelTypes.register(type);
 *   registerProviderWebhooks(defaultWebhooks, rt, { publicUrl: config.publicUrl, mediaDir: path.join(config.dataDir, 'media') });
 *
 * Webhook URLs: `/webhooks/channels/<provider>/<channel uuid>/<action>` (see each provider's receive.ts),
 * and stored inbound media at `/webhooks/channels/media/<sha256>.<ext>`.
 */
import path from 'node:path';
import type { WebhookRegistry } from '../http/webhooks.js';
import type { MessagingRuntime } from '../messaging/runtime.js';
import type { ChannelType } from './types.js';
import { FileMediaStore, MEDIA_PATH, serveStoredMedia, type MediaStore } from './common/media-store.js';
import { setProviderEnvironment } from './common/provider-environment.js';
import { providerWebhook, webhookPrefix } from './common/webhook.js';
import { AFRICASTALKING_TYPE, africasTalkingChannelType, handleAfricasTalkingWebhook } from './africastalking/index.js';
import { TWILIO_TYPE, twilioChannelType, handleTwilioWebhook } from './twilio/index.js';
import { VONAGE_TYPE, vonageChannelType, handleVonageWebhook } from './vonage/index.js';
import { GENERIC_HTTP_TYPE, genericHttpChannelType, handleGenericHttpWebhook } from './generic-http/index.js';
import { WHATSAPP_CLOUD_TYPE, whatsAppCloudChannelType, handleWhatsAppCloudWebhook } from './whatsapp-cloud/index.js';
import { MESSENGER_TYPE, messengerChannelType, handleMessengerWebhook } from './messenger/index.js';
import { TELEGRAM_TYPE, telegramChannelType, handleTelegramWebhook } from './telegram/index.js';

export const PROVIDER_CHANNEL_TYPES: ChannelType[] = [africasTalkingChannelType, twilioChannelType, vonageChannelType, genericHttpChannelType, whatsAppCloudChannelType, messengerChannelType, telegramChannelType];

/**
 * Per channel type: its folder in webhook URLs and the webhook actions the provider calls
 * (`/webhooks/channels/<provider>/<channel uuid>/<action>`). Example: `PROVIDER_WEBHOOKS.twilio` → `{ provider: "twilio", actions: ["receive", "status"] }`.
 */
export const PROVIDER_WEBHOOKS: Record<string, { provider: string; actions: readonly string[] }> = {
  [AFRICASTALKING_TYPE]: { provider: 'africastalking', actions: ['receive', 'status'] },
  [TWILIO_TYPE]: { provider: 'twilio', actions: ['receive', 'status'] },
  [VONAGE_TYPE]: { provider: 'vonage', actions: ['receive', 'status'] },
  [GENERIC_HTTP_TYPE]: { provider: 'generic-http', actions: ['receive', 'status'] },
  [WHATSAPP_CLOUD_TYPE]: { provider: 'whatsapp-cloud', actions: ['receive'] },
  [MESSENGER_TYPE]: { provider: 'messenger', actions: ['receive'] },
  [TELEGRAM_TYPE]: { provider: 'telegram', actions: ['receive'] },
};

/** Options of `registerProviderWebhooks`. Example: `{ publicUrl: "https://kiunga.moh.go.ke", mediaDir: "data/media" }`. */
export interface ProviderWebhookOptions {
  /** The server's public URL: used in callback URLs we give providers (Twilio, Vonage, Kannel) and in stored media links. */
  publicUrl?: string | null;
  /** Folder for downloaded inbound media (default "data/media"). */
  mediaDir?: string;
  /** Or a store of your own. */
  mediaStore?: MediaStore;
  /** Folder for durable adapter state, e.g. parts of long inbound SMS (default "data/channel-state"). */
  stateDir?: string;
}

/** Mounts every provider's webhooks on `registry`; returns a function that unmounts them. */
export function registerProviderWebhooks(registry: WebhookRegistry, rt: MessagingRuntime, options: ProviderWebhookOptions = {}): () => void {
  const mediaStore = options.mediaStore ?? new FileMediaStore(options.mediaDir ?? path.join('data', 'media'));
  setProviderEnvironment({ publicUrl: options.publicUrl ?? null, mediaStore, stateDir: options.stateDir ?? path.join('data', 'channel-state') });
  const handlers: Record<string, Parameters<typeof providerWebhook>[4]> = {
    [AFRICASTALKING_TYPE]: handleAfricasTalkingWebhook,
    [TWILIO_TYPE]: handleTwilioWebhook,
    [VONAGE_TYPE]: handleVonageWebhook,
    [GENERIC_HTTP_TYPE]: handleGenericHttpWebhook,
    [WHATSAPP_CLOUD_TYPE]: handleWhatsAppCloudWebhook,
    [MESSENGER_TYPE]: handleMessengerWebhook,
    [TELEGRAM_TYPE]: handleTelegramWebhook,
  };
  const off = Object.entries(PROVIDER_WEBHOOKS).map(([type, { provider, actions }]) => registry.register(webhookPrefix(provider), providerWebhook(rt, provider, type, actions, handlers[type]!)));
  off.push(registry.register(MEDIA_PATH, (req) => serveStoredMedia(mediaStore, req)));
  return () => {
    for (const f of off) f();
  };
}
