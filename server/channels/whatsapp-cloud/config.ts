/**
 * WhatsApp Cloud API channel config.
 *
 * Example: `{ "phone_number_id": "1234567890", "access_token": "EAAG…", "app_secret": "…", "verify_token": "…",
 *   "reengagement_template": { "name": "kiunga_followup", "language": "sw" } }`.
 * `reengagement_template`: an approved template with one body variable ({{1}}); when Meta refuses a free-form
 * message because the 24-hour window is closed (error 131047), the message is sent again as this template
 * with its text as {{1}}. Without it such messages fail.
 */
import { z } from 'zod';
import { httpUrl, parseChannelConfig, timeoutMs } from '../common/config.js';

export const GRAPH_URL = 'https://graph.facebook.com';
export const GRAPH_VERSION = 'v25.0';

export const whatsAppCloudConfigSchema = z.object({
  phone_number_id: z.string().regex(/^\d+$/, 'must be the numeric phone number id from WhatsApp Manager'),
  access_token: z.string().min(1),
  app_secret: z.string().min(1),
  verify_token: z.string().min(8),
  reengagement_template: z.object({ name: z.string().min(1), language: z.string().min(2) }).optional(),
  graph_url: httpUrl.default(GRAPH_URL),
  api_version: z.string().regex(/^v\d+\.\d+$/, 'must look like v25.0').default(GRAPH_VERSION),
  timeout_ms: timeoutMs,
});

/** Parsed config. Example: `{ phone_number_id: "1234567890", access_token: "…", app_secret: "…", verify_token: "…", graph_url: "https://graph.facebook.com", api_version: "v25.0", timeout_ms: 30000 }`. */
export type WhatsAppCloudConfig = z.output<typeof whatsAppCloudConfigSchema>;

export function parseWhatsAppCloudConfig(config: Record<string, unknown>): WhatsAppCloudConfig {
  return parseChannelConfig('whatsapp_cloud', whatsAppCloudConfigSchema, config);
}
