/**
 * WhatsApp Cloud API channel (type "whatsapp_cloud"). See ./send.ts, ./receive.ts and ./window.ts.
 *
 * Example channel row: `{ type: "whatsapp_cloud", address: "+254700000000", schemes: ["whatsapp"], config: { phone_number_id: "1234567890", access_token: "…", app_secret: "…", verify_token: "…" } }`;
 * in the Meta app's WhatsApp webhook settings: callback URL …/webhooks/channels/whatsapp-cloud/<uuid>/receive, the same verify token, field "messages".
 */
import type { ChannelType } from '../types.js';
import { parseWhatsAppCloudConfig } from './config.js';
import { sendWhatsAppCloud } from './send.js';

export const WHATSAPP_CLOUD_TYPE = 'whatsapp_cloud';

export const whatsAppCloudChannelType: ChannelType = {
  type: WHATSAPP_CLOUD_TYPE,
  schemes: ['whatsapp'],
  secretConfigKeys: ['access_token', 'app_secret', 'verify_token'],
  idempotentSends: false,
  validateConfig(config) {
    parseWhatsAppCloudConfig(config);
  },
  send: sendWhatsAppCloud,
};

export { handleWhatsAppCloudWebhook } from './receive.js';
export { whatsAppWindow, type WhatsAppWindow } from './window.js';
export type { WhatsAppOutgoing, WhatsAppTemplate } from './send.js';
