/**
 * Vonage (Nexmo) SMS API channel config. Signed webhooks must be enabled on the account (Vonage
 * dashboard → API settings → "Webhook signature") with the same method as `signature_method`.
 *
 * Example: `{ "api_key": "abcd1234", "api_secret": "…", "signature_secret": "…", "signature_method": "sha256" }`.
 */
import { z } from 'zod';
import { callbackBaseUrl, httpUrl, parseChannelConfig, timeoutMs } from '../common/config.js';

export const VONAGE_SEND_URL = 'https://rest.nexmo.com/sms/json';

export const vonageConfigSchema = z.object({
  api_key: z.string().min(1),
  api_secret: z.string().min(1),
  signature_secret: z.string().min(8),
  /** md5hash = md5(params + secret); the others are HMACs keyed with the secret. */
  signature_method: z.enum(['md5hash', 'md5', 'sha1', 'sha256', 'sha512']).default('sha256'),
  send_url: httpUrl.default(VONAGE_SEND_URL),
  timeout_ms: timeoutMs,
  callback_base_url: callbackBaseUrl,
});

/** Parsed config. Example: `{ api_key: "abcd1234", api_secret: "…", signature_secret: "…", signature_method: "sha256", send_url: "https://rest.nexmo.com/sms/json", timeout_ms: 30000 }`. */
export type VonageConfig = z.output<typeof vonageConfigSchema>;

export function parseVonageConfig(config: Record<string, unknown>): VonageConfig {
  return parseChannelConfig('vonage', vonageConfigSchema, config);
}
