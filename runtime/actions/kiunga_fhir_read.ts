/**
 * kiunga_fhir_read: reads or searches the country's FHIR server (through services.fhir). The resource or
 * Bundle becomes the result's `extra`, so later steps use it like a webhook's JSON:
 * `@results.facility.extra.entry.0.resource.name`. Category Success, or Failure (with an error event)
 * when the query is bad, no FHIR service is configured, or the server fails; never an exception.
 * Example: `{ "type": "kiunga_fhir_read", "uuid": "…", "connection": null, "query": "PractitionerRole?practitioner=@fields.fhir_id", "result_name": "Facility" }`.
 */
import { z } from 'zod';
import type { ActionSpec } from './types.js';
import type { Action } from '../definition/types.js';
import { actionBase, resultNameSchema, templateSchema } from './schema-parts.js';
import { parseFhirQuery } from '../fhir/query.js';
import { fhirRead } from '../fhir/events.js';

export const schema = z.object({
  ...actionBase,
  type: z.literal('kiunga_fhir_read'),
  /** Connection id or name; null/omitted = the workspace's default connection. */
  connection: z.string().min(1, { message: 'must not be empty (use null for the default connection)' }).max(100).nullable().optional(),
  query: templateSchema.min(1, { message: 'is required' }).max(2048, { message: 'must be less than or equal to 2048' }),
  result_name: resultNameSchema,
});
export type KiungaFhirReadAction = z.infer<typeof schema> & Action;

/** Largest JSON kept as the result's extra (bytes, as for webhooks): sessions stay small. */
export const FHIR_RESULT_EXTRA_LIMIT = 10_000;

function summary(resource: unknown): { value: string; resourceType?: string; total?: number } {
  const r = resource as { resourceType?: unknown; id?: unknown; total?: unknown; entry?: unknown[] } | null;
  if (!r || typeof r !== 'object' || typeof r.resourceType !== 'string') return { value: '' };
  if (r.resourceType === 'Bundle') {
    const total = typeof r.total === 'number' ? r.total : (r.entry ?? []).length;
    return { value: String(total), resourceType: 'Bundle', total };
  }
  return { value: typeof r.id === 'string' ? `${r.resourceType}/${r.id}` : r.resourceType, resourceType: r.resourceType };
}

export const kiungaFhirRead: ActionSpec<KiungaFhirReadAction> = {
  type: 'kiunga_fhir_read',
  schema,
  localizable: [],
  evaluated: ['query'],
  async execute({ action, run }) {
    const connection = action.connection ?? null;
    const { text, ok } = run.evaluateChecked(action.query);
    const request = text.trim();
    const fail = (message: string, code: string) => {
      run.error(message, { code, extra: { request } });
      run.emit(fhirRead({ connection, request, status: 'failure', error: message }));
      run.saveResult({ name: action.result_name, value: '0', category: 'Failure', input: request });
    };
    if (!ok) return fail(`kiunga_fhir_read: the query "${action.query}" could not be evaluated`, 'kiunga_fhir:query');
    try {
      parseFhirQuery(request);
    } catch (err) {
      return fail(`kiunga_fhir_read: ${(err as Error).message}`, 'kiunga_fhir:query');
    }
    const fhir = run.services.fhir;
    if (!fhir) return fail('kiunga_fhir_read: no FHIR connection is available here (services.fhir is not configured)', 'kiunga_fhir:unavailable');
    let resource: unknown;
    try {
      resource = await fhir.read(connection, request);
    } catch (err) {
      return fail(`kiunga_fhir_read: ${(err as Error).message}`, 'kiunga_fhir:read');
    }
    const { value, resourceType, total } = summary(resource);
    run.emit(fhirRead({ connection, request, status: 'success', ...(resourceType ? { resource_type: resourceType } : {}), ...(total !== undefined ? { total } : {}) }));
    const json = JSON.stringify(resource ?? null);
    const size = new TextEncoder().encode(json).length;
    let extra: unknown = resource;
    if (size > FHIR_RESULT_EXTRA_LIMIT) {
      extra = undefined;
      run.warning(`kiunga_fhir_read: the response of ${size} bytes is over ${FHIR_RESULT_EXTRA_LIMIT} and is not kept; narrow the query (_count, _elements)`, {
        code: 'kiunga_fhir:response_size',
        extra: { size: String(size), limit: String(FHIR_RESULT_EXTRA_LIMIT) },
      });
    }
    run.saveResult({ name: action.result_name, value, category: 'Success', input: request, ...(extra !== undefined ? { extra } : {}) });
  },
};
