/**
 * The contract every channel type implements (one folder per provider under server/channels/).
 *
 * The outbox sender calls `send()` once per attempt. Before calling it, the sender has durably
 * recorded the attempt (message status "sending", attempts + 1), so after a crash a message found in
 * "sending" is never blindly resent: it goes through `reconcile()` (see server/jobs/outbox-sender.ts):
 *
 *   - the type can ask the provider by our message uuid (`lookup`) → sent if found, else resend;
 *   - or the provider deduplicates on a client reference (`idempotentSends: true`, the message uuid is
 *     passed as `msg.idempotencyKey`) → resending with the same key is safe;
 *   - otherwise the outcome is unknown and the message is marked failed ("uncertain") rather than risk
 *     sending the same alert twice. An operator may retry it by hand.
 *
 * Example (a minimal type):
 *   const echo: ChannelType = {
 *     type: 'echo', schemes: ['tel'], secretConfigKeys: [], idempotentSends: false,
 *     async send(msg) { return { status: 'wired', providerId: msg.uuid }; },
 *   };
 */

/** A message as handed to a channel type. Example: `{ uuid: "0193…", urn: "tel:+254700000001", text: "Hi", attachments: [], quickReplies: [], priority: 1, idempotencyKey: "0193…" }`. */
export interface OutgoingMessage {
  /** Our message uuid (messages.uuid). */
  uuid: string;
  /** The recipient, "scheme:path", e.g. "tel:+254700000001". */
  urn: string;
  text: string;
  /** "content-type:url" strings. */
  attachments: string[];
  quickReplies: string[];
  /** 1 = reply in a conversation, 0 = bulk. */
  priority: number;
  /** Pass to providers that accept a client reference / idempotency key. Always equal to `uuid`. */
  idempotencyKey: string;
  /** How many attempts were recorded for this message, this one included (1 = first try). */
  attempt: number;
}

/** A channel row as the channel type sees it, with its parsed config. Example: `{ uuid: "…", type: "loopback", address: "+254700000000", config: { send_url: "http://127.0.0.1:9000/send" } }`. */
export interface ChannelInfo {
  id: string;
  uuid: string;
  workspaceId: string;
  type: string;
  name: string;
  address: string;
  schemes: string[];
  config: Record<string, unknown>;
}

/** What a provider said after accepting a message. `wired` = handed over, `sent` = provider confirmed sending. */
export interface SendResult {
  status: 'wired' | 'sent';
  /** The provider's message id, used to match status callbacks. */
  providerId?: string | null;
}

/** A temporary failure (timeout, 5xx, throttled): the sender retries later with backoff. */
export class RetryableError extends Error {
  /** Seconds the provider asked us to wait (429 Retry-After), if any. */
  readonly retryAfterSeconds: number | null;
  constructor(message: string, retryAfterSeconds: number | null = null) {
    super(message);
    this.name = 'RetryableError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A definitive failure (bad number, 4xx, rejected). `contactStopped` when the provider says the recipient opted out/blocked us. */
export class FinalError extends Error {
  readonly contactStopped: boolean;
  constructor(message: string, options: { contactStopped?: boolean } = {}) {
    super(message);
    this.name = 'FinalError';
    this.contactStopped = options.contactStopped ?? false;
  }
}

/** What a provider knows about a message we may have sent before a crash. */
export type LookupResult = { found: true; providerId?: string | null; status: 'wired' | 'sent' | 'delivered' } | { found: false };

/** One provider integration. */
export interface ChannelType {
  /** Type string stored in channels.type, e.g. "loopback". */
  type: string;
  /** URN schemes it can send to by default. */
  schemes: string[];
  /** Config keys that hold secrets: never returned by the API. */
  secretConfigKeys: string[];
  /** True when the provider deduplicates on `msg.idempotencyKey`, so re-sending after a crash is safe. */
  idempotentSends: boolean;
  /** Checks a channel's config on create/update; throws an Error naming the bad field. */
  validateConfig?(config: Record<string, unknown>): void;
  send(msg: OutgoingMessage, channel: ChannelInfo): Promise<SendResult>;
  /**
   * Tells the provider where to deliver webhooks, for providers that are configured by API rather than in a
   * console (Telegram's setWebhook). `webhookUrls` maps each action to its absolute URL. Resolves with the
   * provider's confirmation; throws an Error with the provider's reason.
   */
  registerWebhooks?(channel: ChannelInfo, webhookUrls: Record<string, string>): Promise<string>;
  /** Asks the provider whether it already accepted the message with this uuid (crash reconciliation). */
  lookup?(msgUuid: string, channel: ChannelInfo): Promise<LookupResult>;
}
