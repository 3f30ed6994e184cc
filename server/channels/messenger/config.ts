/**
 * Facebook Messenger channel config (a Facebook Page; the channel address is the page id).
 *
 * Example: `{ "page_access_token": "EAAB…", "app_secret": "…", "verify_token": "…" }`.
 */
import { z } from 'zod';
import { httpUrl, parseChannelConfig, timeoutMs } from '../common/config.js';
import { GRAPH_URL, GRAPH_VERSION } from '../whatsapp-cloud/config.js';

export const messengerConfigSchema = z.object({
  page_access_token: z.string().min(1),
  app_secret: z.string().min(1),
  verify_token: z.string().min(8),
  graph_url: httpUrl.default(GRAPH_URL),
  api_version: z.string().regex(/^v\d+\.\d+$/, 'must look like v25.0').default(GRAPH_VERSION),
  timeout_ms: timeoutMs,
});

/** Parsed config. Example: `{ page_access_token: "…", app_secret: "…", verify_token: "…", graph_url: "https://graph.facebook.com", api_version: "v25.0", timeout_ms: 30000 }`. */
export type MessengerConfig = z.output<typeof messengerConfigSchema>;

export function parseMessengerConfig(config: Record<string, unknown>): MessengerConfig {
  return parseChannelConfig('messenger', messengerConfigSchema, config);
}
