/**
 * The provider registry: every type is listed once with its secrets declared, and every webhook route is
 * mounted (and unmounted) on a registry.
 */
import { describe, expect, it } from 'vitest';
import { PROVIDER_CHANNEL_TYPES, registerProviderWebhooks } from '../../server/channels/registry-providers.js';
import { WebhookRegistry } from '../../server/http/webhooks.js';
import type { MessagingRuntime } from '../../server/messaging/runtime.js';

describe('provider registry', () => {
  it('lists the seven providers with distinct types, schemes and secret keys', () => {
    expect(PROVIDER_CHANNEL_TYPES.map((t) => t.type)).toEqual(['africastalking', 'twilio', 'vonage', 'generic_http', 'whatsapp_cloud', 'messenger', 'telegram']);
    for (const t of PROVIDER_CHANNEL_TYPES) {
      expect(t.schemes.length).toBeGreaterThan(0);
      expect(t.secretConfigKeys.length).toBeGreaterThan(0);
      expect(t.idempotentSends).toBe(false);
      expect(() => t.validateConfig!({})).toThrow(new RegExp(`^${t.type} channel config: "`));
    }
  });

  it('mounts one webhook prefix per provider plus the media route, and removes them again', () => {
    const registry = new WebhookRegistry();
    const off = registerProviderWebhooks(registry, {} as MessagingRuntime, { mediaDir: '/tmp/kiunga-test-media-unused' });
    for (const p of ['africastalking', 'twilio', 'vonage', 'generic-http', 'whatsapp-cloud', 'messenger', 'telegram']) {
      expect(registry.match(`/webhooks/channels/${p}/0193-uuid/receive`)?.prefix).toBe(`/webhooks/channels/${p}/`);
    }
    expect(registry.match('/webhooks/channels/media/abc.jpg')?.prefix).toBe('/webhooks/channels/media/');
    off();
    expect(registry.match('/webhooks/channels/twilio/x/receive')).toBeNull();
  });
});
