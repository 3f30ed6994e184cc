/**
 * call_webhook: calls an external URL. The response is available as @webhook (and @results.<name>
 * when result_name is set); a webhook_called event carries the full request/response trace.
 * Example: `{ "type": "call_webhook", "uuid": "...", "method": "POST", "url": "https://x.org/api", "headers": {}, "body": "@(json(contact))", "result_name": "API" }`.
 */
import { z } from 'zod';
import type { ActionSpec } from './types.js';
import type { Action } from '../definition/types.js';
import { actionBase, optionalResultNameSchema, templateSchema } from './schema-parts.js';
import { checkUrl, performCall, REQUEST_LIMIT } from '../engine/webhooks.js';
import { saveWebhookResult } from './webhook-result.js';
import { webhookCalled } from '../events/constructors.js';

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export const schema = z
  .object({
    ...actionBase,
    type: z.literal('call_webhook'),
    method: z.enum(['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'PATCH'], { message: 'is required' }),
    url: templateSchema.min(1, { message: 'is required' }).max(8192, { message: 'must be less than or equal to 8192' }),
    headers: z
      .record(z.string().max(100, { message: 'must be less than or equal to 100' }), templateSchema.max(5000, { message: 'must be less than or equal to 5000' }))
      .refine((h) => Object.keys(h).length <= 10, { message: 'must be less than or equal to 10' })
      .optional(),
    body: templateSchema.max(20000, { message: 'must be less than or equal to 20000' }).optional(),
    result_name: optionalResultNameSchema,
  })
  .superRefine((a, ctx) => {
    for (const name of Object.keys(a.headers ?? {})) {
      if (!HEADER_NAME.test(name)) ctx.addIssue({ code: 'custom', path: ['headers', name], message: `header '${name}' is not a valid HTTP header` });
    }
  });
export type CallWebhookAction = z.infer<typeof schema> & Action;

/** Sent with every webhook call unless the flow sets its own. */
export const DEFAULT_USER_AGENT = 'Kiunga';

export const callWebhook: ActionSpec<CallWebhookAction> = {
  type: 'call_webhook',
  schema,
  localizable: [],
  evaluated: ['url', 'headers', 'body'],
  async execute({ action, run }) {
    const url = run.evaluateUrl(action.url).trim();
    const headers: Record<string, string> = { 'User-Agent': run.userAgent ?? DEFAULT_USER_AGENT };
    for (const [name, template] of Object.entries(action.headers ?? {})) headers[name] = run.evaluate(template);
    const body = run.evaluateLong(action.body ?? '');

    const urlProblem = checkUrl(url);
    if (urlProblem) {
      run.error(urlProblem.text, urlProblem.code ? { code: urlProblem.code, extra: urlProblem.extra } : undefined);
      return;
    }
    // what goflow counts: URL, method, header values and body
    const bytes = (t: string) => new TextEncoder().encode(t).length;
    const size = bytes(url) + bytes(action.method) + Object.values(headers).reduce((n, v) => n + bytes(v), 0) + bytes(body);
    if (size > REQUEST_LIMIT) {
      run.error(`Webhook request evaluated to ${size} bytes, exceeding the limit of ${REQUEST_LIMIT}`, {
        code: 'webhook:request_size',
        extra: { limit: String(REQUEST_LIMIT), size: String(size) },
      });
      return;
    }
    const call = await performCall(run, { method: action.method, url, headers, body: action.method === 'GET' ? undefined : body });
    run.emit(webhookCalled(call.event));
    run.setWebhook(call.webhook);
    if (action.result_name) saveWebhookResult(run, action.result_name, call);
  },
};
