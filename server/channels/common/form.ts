/**
 * Reading provider webhooks sent as application/x-www-form-urlencoded (or as a GET query).
 *
 * Example: `formParams(req)` on `POST From=%2B2547…&Body=Hi` → Map { From → "+2547…", Body → "Hi" }.
 */
import type { WebhookRequest } from '../../http/webhooks.js';

/** The body's form fields (POST) or the query (GET); the first value of a repeated key wins. Preserves arrival order. */
export function formParams(req: WebhookRequest): Map<string, string> {
  const source = req.method === 'GET' ? req.query : new URLSearchParams(req.body.toString('utf8'));
  const out = new Map<string, string>();
  for (const [key, value] of source) if (!out.has(key)) out.set(key, value);
  return out;
}

/** Form fields of a body (POST), merged over the query string (the body wins). */
export function formAndQuery(req: WebhookRequest): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of req.query) if (!out.has(key)) out.set(key, value);
  if (req.method !== 'GET') for (const [key, value] of new URLSearchParams(req.body.toString('utf8'))) out.set(key, value);
  return out;
}
