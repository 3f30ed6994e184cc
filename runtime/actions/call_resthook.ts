/**
 * call_resthook: posts the run summary to every subscriber of a resthook (Zapier-style).
 * Example: `{ "type": "call_resthook", "uuid": "...", "resthook": "new-registration", "result_name": "Hook" }`.
 */
import { z } from 'zod';
import type { ActionSpec } from './types.js';
import type { Action } from '../definition/types.js';
import { actionBase, optionalResultNameSchema } from './schema-parts.js';
import { performCall, sortedJson, type WebhookCall } from '../engine/webhooks.js';
import { saveWebhookResult } from './webhook-result.js';
import { DEFAULT_USER_AGENT } from './call_webhook.js';
import { resthookCalled, webhookCalled } from '../events/constructors.js';

export const schema = z.object({
  ...actionBase,
  type: z.literal('call_resthook'),
  resthook: z.string().min(1, { message: 'is required' }),
  result_name: optionalResultNameSchema,
});
export type CallResthookAction = z.infer<typeof schema> & Action;

export const callResthook: ActionSpec<CallResthookAction> = {
  type: 'call_resthook',
  schema,
  localizable: [],
  evaluated: [],
  async execute({ action, run }) {
    const resthook = run.assets.resthook(action.resthook);
    if (!resthook) return; // goflow: a resthook nobody configured is silently a no-op
    const payload = run.resthookPayload();
    const body = sortedJson(payload);
    run.emit(resthookCalled(action.resthook, payload));

    const calls: WebhookCall[] = [];
    for (const url of resthook.subscribers) {
      const headers = { 'User-Agent': run.userAgent ?? DEFAULT_USER_AGENT, 'Content-Type': 'application/json' };
      const call = await performCall(run, { method: 'POST', url, headers, body }, { resthook: true });
      run.emit(webhookCalled(call.event, action.resthook));
      calls.push(call);
    }
    // the call that speaks for the resthook: the first failure, else the last success, else the last call
    const chosen =
      calls.find((c) => c.status === 'response_error' || c.status === 'connection_error') ??
      [...calls].reverse().find((c) => c.status === 'success') ??
      calls[calls.length - 1];
    run.setWebhook(chosen ? chosen.webhook : null);
    if (action.result_name && chosen) saveWebhookResult(run, action.result_name, chosen);
  },
};
