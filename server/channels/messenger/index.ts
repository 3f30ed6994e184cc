/**
 * Facebook Messenger channel (type "messenger"). See ./send.ts and ./receive.ts.
 *
 * Example channel row: `{ type: "messenger", address: "<page id>", schemes: ["facebook"], config: { page_access_token: "…", app_secret: "…", verify_token: "…" } }`;
 * subscribe the app to the page's `messages`, `messaging_postbacks` and `message_deliveries` fields with callback …/webhooks/channels/messenger/<uuid>/receive.
 */
import type { ChannelType } from '../types.js';
import { parseMessengerConfig } from './config.js';
import { sendMessenger } from './send.js';

export const MESSENGER_TYPE = 'messenger';

export const messengerChannelType: ChannelType = {
  type: MESSENGER_TYPE,
  schemes: ['facebook'],
  secretConfigKeys: ['page_access_token', 'app_secret', 'verify_token'],
  idempotentSends: false,
  validateConfig(config) {
    parseMessengerConfig(config);
  },
  send: sendMessenger,
};

export { handleMessengerWebhook } from './receive.js';
