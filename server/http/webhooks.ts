/**
 * The `/webhooks/...` mount point. Other modules (channel providers, FHIR subscriptions) register a handler for a
 * path prefix; the HTTP server reads the body (size-limited, kept raw for signature checks) and calls the
 * handler of the longest matching prefix. No login is involved: each handler authenticates its caller itself
 * (signature, secret in the path, …).
 *
 * Example:
 *   registerWebhook('/webhooks/channels/telegram/', async (req) => {
 *     const update = JSON.parse(req.body.toString('utf8'));
 *     return { status: 200, json: { ok: true } };
 *   });
 *   // POST /webhooks/channels/telegram/0193…  → req.subPath = "0193…"
 */

/** What a webhook handler receives. */
export interface WebhookRequest {
  method: string;
  /** Full path, e.g. "/webhooks/channels/telegram/0193…". */
  path: string;
  /** The part after the registered prefix, e.g. "0193…". */
  subPath: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string | string[] | undefined>;
  /** The raw body bytes (verify signatures on these, not on re-serialized JSON). */
  body: Buffer;
  ip: string;
}

/** What a handler answers. `json` is serialized; otherwise `body` is sent as-is. */
export interface WebhookResponse {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  body?: string | Buffer;
}

export type WebhookHandler = (request: WebhookRequest) => Promise<WebhookResponse> | WebhookResponse;

export const WEBHOOK_ROOT = '/webhooks/';

export class WebhookRegistry {
  private readonly handlers = new Map<string, WebhookHandler>();

  /** Registers `handler` for paths starting with `pathPrefix` (must start with "/webhooks/"). Returns an unregister function. */
  register(pathPrefix: string, handler: WebhookHandler): () => void {
    if (!pathPrefix.startsWith(WEBHOOK_ROOT)) throw new Error(`Webhook path prefix "${pathPrefix}" must start with "${WEBHOOK_ROOT}"`);
    if (this.handlers.has(pathPrefix)) throw new Error(`A webhook handler is already registered for "${pathPrefix}"`);
    this.handlers.set(pathPrefix, handler);
    return () => {
      if (this.handlers.get(pathPrefix) === handler) this.handlers.delete(pathPrefix);
    };
  }

  /** The handler with the longest prefix matching `path`, or null. */
  match(path: string): { prefix: string; handler: WebhookHandler } | null {
    let best: { prefix: string; handler: WebhookHandler } | null = null;
    for (const [prefix, handler] of this.handlers) {
      if (path.startsWith(prefix) && (!best || prefix.length > best.prefix.length)) best = { prefix, handler };
    }
    return best;
  }
}

/** The process-wide registry used by the server started from main.ts. */
export const defaultWebhooks = new WebhookRegistry();

/** Registers on the process-wide registry. See the module example. */
export function registerWebhook(pathPrefix: string, handler: WebhookHandler): () => void {
  return defaultWebhooks.register(pathPrefix, handler);
}
