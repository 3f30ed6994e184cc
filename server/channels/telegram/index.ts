/**
 * Telegram bot channel (type "telegram"). See ./send.ts and ./receive.ts.
 *
 * Example channel row: `{ type: "telegram", address: "kiunga_moh_bot", schemes: ["telegram"], config: { bot_token: "123456:ABC…", secret_token: "…" } }`;
 * activate with `setWebhook(url=…/webhooks/channels/telegram/<uuid>/receive, secret_token=<secret_token>, allowed_updates=["message"])`
 * (`registerWebhooks`, the setup page's "Register the webhook with Telegram" button, does it).
 */
import type { ChannelType } from '../types.js';
import { parseTelegramConfig } from './config.js';
import { sendTelegram } from './send.js';
import { setTelegramWebhook } from './set-webhook.js';

export const TELEGRAM_TYPE = 'telegram';

export const telegramChannelType: ChannelType = {
  type: TELEGRAM_TYPE,
  schemes: ['telegram'],
  secretConfigKeys: ['bot_token', 'secret_token'],
  idempotentSends: false,
  validateConfig(config) {
    parseTelegramConfig(config);
  },
  send: sendTelegram,
  registerWebhooks(channel, webhookUrls) {
    return setTelegramWebhook(channel, webhookUrls.receive!);
  },
};

export { handleTelegramWebhook } from './receive.js';
