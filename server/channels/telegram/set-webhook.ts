/**
 * Registers the channel's webhook with Telegram (`setWebhook`), so an officer does not have to call the Bot
 * API by hand: `url` = our receive URL, `secret_token` = the channel's secret (Telegram then sends it in
 * `X-Telegram-Bot-Api-Secret-Token` with every update), `allowed_updates` = ["message"]. Telegram only calls
 * HTTPS URLs (ports 443, 80, 88, 8443) and says so in its answer, which we pass on.
 *
 * Example: `await setTelegramWebhook(channel, 'https://kiunga.moh.go.ke/webhooks/channels/telegram/<uuid>/receive')`
 *   → "Telegram: Webhook was set"
 */
import { redactUrl } from '../common/provider-http.js';
import type { ChannelInfo } from '../types.js';
import { parseTelegramConfig } from './config.js';

export async function setTelegramWebhook(channel: ChannelInfo, receiveUrl: string): Promise<string> {
  const cfg = parseTelegramConfig(channel.config);
  const endpoint = `${cfg.api_url}/bot${cfg.bot_token}/setWebhook`;
  let res: Response;
  try {
    res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiveUrl, secret_token: cfg.secret_token, allowed_updates: ['message'] }),
      signal: AbortSignal.timeout(cfg.timeout_ms),
    });
  } catch (err) {
    throw new Error(`telegram: cannot reach ${redactUrl(endpoint)}: ${(err as Error).message}`);
  }
  const answer = (await res.json().catch(() => null)) as { ok?: boolean; description?: string } | null;
  if (!res.ok || !answer?.ok) throw new Error(`telegram: setWebhook refused: ${answer?.description ?? `HTTP ${res.status}`}`);
  return `Telegram: ${answer.description ?? 'Webhook was set'}`;
}
