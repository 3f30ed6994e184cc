/**
 * Generic HTTP SMS gateway channel (type "generic_http"), Kannel's smsbox protocol. See ./send.ts and ./receive.ts.
 *
 * Example kannel.conf sms-service: `get-url = "https://kiunga.moh.go.ke/webhooks/channels/generic-http/<uuid>/receive?secret=S&id=%I&ts=%T&sender=%p&to=%P&message=%a"`.
 */
import type { ChannelType } from '../types.js';
import { parseGenericHttpConfig } from './config.js';
import { sendGenericHttp } from './send.js';

export const GENERIC_HTTP_TYPE = 'generic_http';

export const genericHttpChannelType: ChannelType = {
  type: GENERIC_HTTP_TYPE,
  schemes: ['tel'],
  secretConfigKeys: ['password', 'receive_secret'],
  idempotentSends: false,
  validateConfig(config) {
    parseGenericHttpConfig(config);
  },
  send: sendGenericHttp,
};

export { handleGenericHttpWebhook } from './receive.js';
