/**
 * Africa's Talking SMS channel (type "africastalking"). See ./send.ts and ./receive.ts.
 *
 * Example channel row: `{ type: "africastalking", address: "20880", schemes: ["tel"], config: { username: "moh_ke", api_key: "…" } }`;
 * webhooks to configure in the AT dashboard: …/webhooks/channels/africastalking/<uuid>/receive and …/status.
 */
import type { ChannelType } from '../types.js';
import { parseAfricasTalkingConfig } from './config.js';
import { sendAfricasTalking } from './send.js';

export const AFRICASTALKING_TYPE = 'africastalking';

export const africasTalkingChannelType: ChannelType = {
  type: AFRICASTALKING_TYPE,
  schemes: ['tel'],
  secretConfigKeys: ['api_key'],
  // AT takes no client reference and has no lookup by our id: a crash mid-send is "uncertain".
  idempotentSends: false,
  validateConfig(config) {
    parseAfricasTalkingConfig(config);
  },
  send: sendAfricasTalking,
};

export { handleAfricasTalkingWebhook } from './receive.js';
