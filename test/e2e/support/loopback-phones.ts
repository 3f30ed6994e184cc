/**
 * Health workers' phones for end-to-end tests, over the loopback channel: `sms` posts a message as the
 * channel's webhook receives it, `sentTo` waits until the provider stub got a message for a phone.
 *
 *   const phones = loopbackPhones(() => ({ serverUrl: server.url, channelUuid, provider }), 15_000);
 *   await phones.sms('+254711000001', 'survey');   await phones.sentTo('+254711000001', 'How old are you?');
 */
import { expect } from 'vitest';
import type { ProviderStub } from '../../messaging/provider-stub.js';

/** Where the messages go; read at each call (tests set these up in beforeAll). */
export interface LoopbackTarget {
  serverUrl: string;
  channelUuid: string;
  provider: ProviderStub;
}

export function loopbackPhones(target: () => LoopbackTarget, timeoutMs: number) {
  let externalId = 0;
  return {
    /** One inbound SMS from `from` (E.164), acknowledged by the server. */
    async sms(from: string, text: string): Promise<void> {
      const { serverUrl, channelUuid } = target();
      const response = await fetch(`${serverUrl}/webhooks/loopback/${channelUuid}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: `ext-${++externalId}`, from: `tel:${from}`, text }),
      });
      expect(response.status).toBe(200);
    },
    /** Waits until the provider got `times` messages (at least) to `phone` containing `text`. */
    async sentTo(phone: string, text: string, times = 1): Promise<void> {
      const { provider } = target();
      await expect
        .poll(() => provider.log.filter((m) => m.to.endsWith(phone) && m.text.includes(text)).length >= times, { timeout: timeoutMs, interval: 100 })
        .toBe(true);
    },
  };
}
