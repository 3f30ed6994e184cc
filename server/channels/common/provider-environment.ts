/**
 * Server-wide settings the provider adapters need besides each channel's config: the public URL
 * (for status-callback URLs we hand to providers and for links to stored media) and the media store.
 * Set once by `registerProviderWebhooks`; a channel's `callback_base_url` overrides the public URL.
 *
 * Example: `setProviderEnvironment({ publicUrl: 'https://kiunga.moh.go.ke', mediaStore })`.
 */
import type { MediaStore } from './media-store.js';

/** Example: `{ publicUrl: "https://kiunga.moh.go.ke", mediaStore: new FileMediaStore("data/media") }`. */
export interface ProviderEnvironment {
  publicUrl: string | null;
  mediaStore: MediaStore | null;
  /** Folder for small durable adapter state (Vonage long-SMS parts waiting for their siblings). */
  stateDir: string | null;
}

const current: ProviderEnvironment = { publicUrl: null, mediaStore: null, stateDir: null };

export function setProviderEnvironment(next: Partial<ProviderEnvironment>): void {
  if (next.publicUrl !== undefined) current.publicUrl = next.publicUrl ? next.publicUrl.replace(/\/+$/, '') : null;
  if (next.mediaStore !== undefined) current.mediaStore = next.mediaStore;
  if (next.stateDir !== undefined) current.stateDir = next.stateDir;
}

export function providerEnvironment(): Readonly<ProviderEnvironment> {
  return current;
}

/** The base our callback URLs start with, or null when neither the channel nor the server knows its public URL. */
export function callbackBase(config: { callback_base_url?: string | undefined }): string | null {
  return config.callback_base_url ?? current.publicUrl;
}
