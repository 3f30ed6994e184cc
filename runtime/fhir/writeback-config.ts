/**
 * Per-flow FHIR write-back, configured in the flow definition (no code):
 *
 *   "_kiunga": { "fhir_writeback": {
 *       "connection": "moh-hapi",                 // connection id or name; omitted/null = the workspace's only one
 *       "questionnaire_response": true,           // one QuestionnaireResponse per run
 *       "observations": [{ "result": "weight", "code": "29463-7", "system": "http://loinc.org", "unit": "kg" }] } }
 *
 * `readWritebackConfig(flow)` returns the parsed config, null when the flow has none, or throws an Error
 * naming the bad field.
 */
import { z } from 'zod';
import type { Flow } from '../definition/types.js';
import { snakify } from '../definition/snakify.js';

const observationSchema = z.object({
  /** Result name or key (`Weight` or `weight`). */
  result: z.string().min(1, { message: 'is required' }),
  code: z.string().min(1, { message: 'is required' }),
  system: z.string().min(1, { message: 'is required' }).regex(/^[a-z][a-z0-9+.-]*:/i, { message: 'must be a URI, e.g. http://loinc.org' }),
  display: z.string().optional(),
  /** UCUM unit code, e.g. "kg", "mm[Hg]", "{count}". */
  unit: z.string().optional(),
});

export const writebackSchema = z.object({
  connection: z.string().min(1).nullable().optional(),
  questionnaire_response: z.boolean().optional(),
  observations: z.array(observationSchema).max(100).optional(),
});

/** One configured Observation. Example: `{ result: 'weight', code: '29463-7', system: 'http://loinc.org', unit: 'kg' }`. */
export type ObservationWriteback = z.infer<typeof observationSchema>;
/** Example: `{ connection: null, questionnaire_response: true, observations: [] }`. */
export type WritebackConfig = z.infer<typeof writebackSchema>;

export function readWritebackConfig(flow: Pick<Flow, 'name'> & { _kiunga?: unknown }): WritebackConfig | null {
  const ext = flow._kiunga as { fhir_writeback?: unknown } | undefined;
  if (ext === undefined || ext === null || ext.fhir_writeback === undefined) return null;
  const parsed = writebackSchema.safeParse(ext.fhir_writeback);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = ['_kiunga', 'fhir_writeback', ...issue.path].join('.');
    throw new Error(`flow '${flow.name}': ${path} ${issue.message}`);
  }
  const config = parsed.data;
  return { ...config, observations: config.observations?.map((o) => ({ ...o, result: snakify(o.result) })) };
}
