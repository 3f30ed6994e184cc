/**
 * Telegram bot channel config. `secret_token` is what we pass to `setWebhook(secret_token=…)`; Telegram then sends
 * it in `X-Telegram-Bot-Api-Secret-Token` on every update (1–256 characters of A–Z a–z 0–9 _ -).
 *
 * Example: `{ "bot_token": "123456:ABC-DEF…", "secret_token": "kiunga_4f9c1e…" }`.
 */
import { z } from 'zod';
import { httpUrl, parseChannelConfig, timeoutMs } from '../common/config.js';

export const TELEGRAM_API_URL = 'https://api.telegram.org';

export const telegramConfigSchema = z.object({
  bot_token: z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, 'must look like 123456:ABC-DEF… (from @BotFather)'),
  secret_token: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16 to 256 characters of A-Z, a-z, 0-9, _ and -'),
  api_url: httpUrl.default(TELEGRAM_API_URL),
  timeout_ms: timeoutMs,
});

/** Parsed config. Example: `{ bot_token: "123456:ABC…", secret_token: "…", api_url: "https://api.telegram.org", timeout_ms: 30000 }`. */
export type TelegramConfig = z.output<typeof telegramConfigSchema>;

export function parseTelegramConfig(config: Record<string, unknown>): TelegramConfig {
  return parseChannelConfig('telegram', telegramConfigSchema, config);
}
