/**
 * The run result a webhook call produces: value = status code ("0" on connection error),
 * category Success/Failure, input = "METHOD URL", extra = the JSON body when small enough.
 *
 *   saveWebhookResult(run, 'API', call);  // @results.api.category == "Success"
 */
import type { ActionRuntime } from '../engine/runtime-types.js';
import type { WebhookCall } from '../engine/webhooks.js';

/** Largest JSON body kept as a result's extra (bytes). */
const RESULT_EXTRA_LIMIT = 10_000;

export function saveWebhookResult(run: ActionRuntime, name: string, call: WebhookCall): void {
  const value = call.response ? String(call.response.status) : '0';
  const category = call.status === 'success' ? 'Success' : 'Failure';
  let extra: unknown;
  if (call.json !== null && call.json !== undefined && call.response && call.response.body.length < RESULT_EXTRA_LIMIT) extra = call.json;
  const raw = extra !== undefined && call.response && call.response.body !== JSON.stringify(extra) ? call.response.body : undefined;
  run.saveResult({ name, value, category, input: `${call.request.method} ${call.request.url}`, extra, ...(raw !== undefined ? { extra_raw: raw } : {}) });
}
