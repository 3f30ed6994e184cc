/**
 * Africa's Talking channel config.
 *
 * Example: `{ "username": "moh_ke", "api_key": "atsk_…", "is_shared": false }`
 * (`send_url` only to point at the emulator or the sandbox: "https://api.sandbox.africastalking.com/version1/messaging").
 */
import { z } from 'zod';
import { callbackBaseUrl, httpUrl, parseChannelConfig, timeoutMs } from '../common/config.js';

export const AFRICASTALKING_SEND_URL = 'https://api.africastalking.com/version1/messaging';

export const africasTalkingConfigSchema = z.object({
  username: z.string().min(1),
  api_key: z.string().min(1),
  /** A shared short code: AT picks the sender, so we send no `from`. */
  is_shared: z.boolean().default(false),
  send_url: httpUrl.default(AFRICASTALKING_SEND_URL),
  timeout_ms: timeoutMs,
  callback_base_url: callbackBaseUrl,
});

/** Parsed config. Example: `{ username: "moh_ke", api_key: "…", is_shared: false, send_url: "https://api.africastalking.com/version1/messaging", timeout_ms: 30000 }`. */
export type AfricasTalkingConfig = z.output<typeof africasTalkingConfigSchema>;

export function parseAfricasTalkingConfig(config: Record<string, unknown>): AfricasTalkingConfig {
  return parseChannelConfig('africastalking', africasTalkingConfigSchema, config);
}
