/**
 * Twilio channel (type "twilio"): SMS, MMS and Twilio WhatsApp senders. See ./send.ts and ./receive.ts.
 *
 * Example channel row: `{ type: "twilio", address: "+15005550006", schemes: ["tel"], config: { account_sid: "AC…", auth_token: "…" } }`;
 * set the number's "A message comes in" webhook to …/webhooks/channels/twilio/<uuid>/receive (HTTP POST).
 */
import type { ChannelType } from '../types.js';
import { parseTwilioConfig } from './config.js';
import { sendTwilio } from './send.js';

export const TWILIO_TYPE = 'twilio';

export const twilioChannelType: ChannelType = {
  type: TWILIO_TYPE,
  schemes: ['tel', 'whatsapp'],
  secretConfigKeys: ['auth_token'],
  // The Messages API has no idempotency key and cannot be searched by our uuid.
  idempotentSends: false,
  validateConfig(config) {
    parseTwilioConfig(config);
  },
  send: sendTwilio,
};

export { handleTwilioWebhook } from './receive.js';
