/**
 * Channel config parsing with zod: one schema per provider, errors that name the provider and the field.
 *
 * Example:
 *   const schema = z.object({ api_key: z.string().min(1) });
 *   parseChannelConfig('africastalking', schema, { api_key: '' });
 *   // throws Error('africastalking channel config: "api_key": Too small: expected string to have >=1 characters')
 */
import { z } from 'zod';

export function parseChannelConfig<S extends z.ZodType>(provider: string, schema: S, config: Record<string, unknown>): z.output<S> {
  const result = schema.safeParse(config);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `"${issue.path.join('.') || '(config)'}": ${issue.message}`);
  throw new Error(`${provider} channel config: ${problems.join('; ')}`);
}

/** An http(s) URL string. */
export const httpUrl = z
  .string()
  .min(1)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL')
  .transform((value) => value.replace(/\/+$/, ''));

/** Send timeout in ms (courier uses 35 s per send). */
export const timeoutMs = z.number().int().positive().max(120_000).default(30_000);

/** Optional base URL our provider callbacks go to (e.g. "https://kiunga.moh.go.ke"); defaults to the server's public URL. */
export const callbackBaseUrl = httpUrl.optional();
