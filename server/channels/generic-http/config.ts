/**
 * Generic HTTP SMS gateway channel speaking Kannel's smsbox protocol (sendsms + get-url + dlr-url),
 * the usual bridge to an operator SMSC (and what many in-country aggregators emulate).
 *
 * Example: `{ "send_url": "http://kannel:13013/cgi-bin/sendsms", "username": "kiunga", "password": "…",
 *   "receive_secret": "a-long-random-string", "encoding": "smart", "max_messages": 1 }`.
 */
import { z } from 'zod';
import { callbackBaseUrl, httpUrl, parseChannelConfig, timeoutMs } from '../common/config.js';

export const genericHttpConfigSchema = z.object({
  send_url: httpUrl,
  username: z.string().min(1),
  password: z.string().min(1),
  /** Kannel cannot sign: its get-url and our dlr-url carry `secret=<receive_secret>`, checked in constant time. */
  receive_secret: z.string().min(16, 'must be at least 16 characters (it is the only proof a request comes from your gateway)'),
  /** smart: replace look-alikes (curly quotes, dashes…) and send GSM-7 when the text then fits, else UCS-2. */
  encoding: z.enum(['smart', 'gsm7', 'unicode']).default('smart'),
  /** Kannel's sendsms-user `max-messages` (default 1): how many SMS one request may concatenate into. */
  max_messages: z.number().int().min(1).max(10).default(1),
  /** Kannel `dlr-mask`: 1 delivered + 2 failed + 8 submitted + 16 rejected. */
  dlr_mask: z.number().int().min(0).max(31).default(27),
  timeout_ms: timeoutMs,
  callback_base_url: callbackBaseUrl,
});

/** Parsed config. Example: `{ send_url: "http://kannel:13013/cgi-bin/sendsms", username: "kiunga", password: "…", receive_secret: "…", encoding: "smart", max_messages: 1, dlr_mask: 27, timeout_ms: 30000 }`. */
export type GenericHttpConfig = z.output<typeof genericHttpConfigSchema>;

export function parseGenericHttpConfig(config: Record<string, unknown>): GenericHttpConfig {
  return parseChannelConfig('generic_http', genericHttpConfigSchema, config);
}
