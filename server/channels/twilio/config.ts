/**
 * Twilio channel config (Programmable Messaging).
 *
 * Example: `{ "account_sid": "AC…", "auth_token": "…", "messaging_service_sid": "MG…" }`; without a messaging
 * service the channel address (E.164 number, or "whatsapp:+…" for a WhatsApp sender) is the `From`.
 * `base_url` only to point at the emulator. WhatsApp senders may add `"reengagement_template": { "content_sid": "HX…" }`.
 */
import { z } from 'zod';
import { callbackBaseUrl, httpUrl, parseChannelConfig, timeoutMs } from '../common/config.js';

export const TWILIO_BASE_URL = 'https://api.twilio.com';

export const twilioConfigSchema = z.object({
  account_sid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex digits'),
  auth_token: z.string().min(8),
  messaging_service_sid: z.string().regex(/^MG[0-9a-fA-F]{32}$/, 'must look like MG followed by 32 hex digits').optional(),
  base_url: httpUrl.default(TWILIO_BASE_URL),
  timeout_ms: timeoutMs,
  callback_base_url: callbackBaseUrl,
  /**
   * WhatsApp senders: an approved Content Template (ContentSid "HX…") with one variable {{1}}, sent with the
   * message text as {{1}} when the contact's 24-hour window is closed. Without it such messages fail.
   */
  reengagement_template: z.object({ content_sid: z.string().regex(/^HX[0-9a-fA-F]{32}$/, 'must look like HX followed by 32 hex digits') }).optional(),
});

/** Parsed config. Example: `{ account_sid: "AC…", auth_token: "…", base_url: "https://api.twilio.com", timeout_ms: 30000 }`. */
export type TwilioConfig = z.output<typeof twilioConfigSchema>;

export function parseTwilioConfig(config: Record<string, unknown>): TwilioConfig {
  return parseChannelConfig('twilio', twilioConfigSchema, config);
}
