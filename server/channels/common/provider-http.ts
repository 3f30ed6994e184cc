/**
 * Calling a provider's send API and mapping its answer to the channel contract:
 * connection error / timeout / 429 / 5xx → RetryableError (with Retry-After), other 4xx → FinalError.
 * Provider-specific "contact blocked/opted out" codes are checked by each adapter before `failFor`.
 *
 * Example:
 *   const res = await providerFetch('twilio', url, { method: 'POST', body: form }, 30_000);
 *   if (!res.ok) throw failFor('twilio', res, res.json?.message);
 */
import { FinalError, RetryableError } from '../types.js';

/** A provider answer, body read. `json` is null when the body is not JSON. */
export interface ProviderResponse {
  status: number;
  ok: boolean;
  headers: Headers;
  text: string;
  json: Record<string, unknown> | null;
}

export async function providerFetch(provider: string, url: string, init: RequestInit, timeoutMs: number): Promise<ProviderResponse> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const reason = (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (err as Error).message;
    throw new RetryableError(`${provider}: cannot reach ${redactUrl(url)}: ${reason}`);
  }
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    throw new RetryableError(`${provider}: the answer from ${redactUrl(url)} was cut off: ${(err as Error).message}`);
  }
  let json: Record<string, unknown> | null = null;
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) json = value as Record<string, unknown>;
  } catch {
    json = null;
  }
  return { status: res.status, ok: res.status >= 200 && res.status < 300, headers: res.headers, text, json };
}

/** Seconds from a Retry-After header (delta-seconds or HTTP date), or null. */
export function retryAfterSeconds(headers: Headers, now = Date.now()): number | null {
  const value = headers.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(value);
  if (Number.isFinite(date)) return Math.max(0, Math.ceil((date - now) / 1000));
  return null;
}

/** The error for a non-2xx answer without a provider-specific meaning. */
export function failFor(provider: string, res: ProviderResponse, detail?: unknown): RetryableError | FinalError {
  const why = detail == null || detail === '' ? '' : `: ${String(detail).slice(0, 300)}`;
  if (res.status === 429) return new RetryableError(`${provider}: throttled (429)${why}`, retryAfterSeconds(res.headers));
  if (res.status >= 500) return new RetryableError(`${provider}: provider error ${res.status}${why}`, retryAfterSeconds(res.headers));
  return new FinalError(`${provider}: rejected with ${res.status}${why}`);
}

/** Hides credentials that some APIs put in the URL (Telegram's bot token, Messenger's access_token). */
export function redactUrl(url: string): string {
  return url.replace(/\/bot[^/]+\//, '/bot***/').replace(/(access_token|api_secret|password)=[^&]+/g, '$1=***');
}
