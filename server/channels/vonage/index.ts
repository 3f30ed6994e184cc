/**
 * Vonage (Nexmo) SMS API channel (type "vonage"). See ./send.ts and ./receive.ts.
 *
 * Example channel row: `{ type: "vonage", address: "254700000000", schemes: ["tel"], config: { api_key: "…", api_secret: "…", signature_secret: "…" } }`;
 * set the number's inbound webhook to …/webhooks/channels/vonage/<uuid>/receive (delivery receipts come to …/status via `callback`).
 */
import type { ChannelType } from '../types.js';
import { parseVonageConfig } from './config.js';
import { sendVonage } from './send.js';

export const VONAGE_TYPE = 'vonage';

export const vonageChannelType: ChannelType = {
  type: VONAGE_TYPE,
  schemes: ['tel'],
  secretConfigKeys: ['api_secret', 'signature_secret'],
  // `client-ref` tags messages but Vonage does not deduplicate on it.
  idempotentSends: false,
  validateConfig(config) {
    parseVonageConfig(config);
  },
  send: sendVonage,
};

export { handleVonageWebhook } from './receive.js';
