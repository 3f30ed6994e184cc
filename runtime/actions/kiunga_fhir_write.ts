/**
 * kiunga_fhir_write: writes a resource to the country's FHIR server (through services.fhir; the simulator
 * injects a recorder). The resource is a JSON template (object or text; expression values are JSON-escaped,
 * see runtime/fhir/template-json.ts) or `{ "kind": "questionnaire_response" }`, which builds the
 * QuestionnaireResponse of this run's results so far. Emits `kiunga_fhir_resource_written`; with a
 * result_name the result is "ResourceType/id" with category Success, Queued (the server keeps it in its
 * retry queue) or Failure (with an error event); never an exception.
 * Example: `{ "type": "kiunga_fhir_write", "uuid": "…", "resource": { "kind": "questionnaire_response" }, "result_name": "Report" }`.
 */
import { z } from 'zod';
import type { ActionSpec } from './types.js';
import type { Action } from '../definition/types.js';
import { actionBase, optionalResultNameSchema, templateSchema } from './schema-parts.js';
import { evaluateResourceTemplate } from '../fhir/template-json.js';
import { buildQuestionnaireResponse } from '../fhir/questionnaire-response.js';
import { fhirResourceWritten } from '../fhir/events.js';

const builtResourceSchema = z.object({
  kind: z.literal('questionnaire_response'),
  /** The run is still going when the action runs; a flow that writes at its end wants "completed" (the default). */
  status: z.enum(['completed', 'in-progress']).optional(),
}).strict();

const templateObjectSchema = z
  .record(z.string(), z.unknown())
  .refine((r) => typeof r.resourceType === 'string' && r.resourceType !== '', { message: 'needs a resourceType' });

export const schema = z.object({
  ...actionBase,
  type: z.literal('kiunga_fhir_write'),
  connection: z.string().min(1, { message: 'must not be empty (use null for the default connection)' }).max(100).nullable().optional(),
  resource: z.union([builtResourceSchema, templateSchema.min(1).max(20000), templateObjectSchema], {
    message: 'must be a resource template (JSON object or text with a resourceType) or { "kind": "questionnaire_response" }',
  }),
  result_name: optionalResultNameSchema,
});
export type KiungaFhirWriteAction = z.infer<typeof schema> & Action;

export const kiungaFhirWrite: ActionSpec<KiungaFhirWriteAction> = {
  type: 'kiunga_fhir_write',
  schema,
  localizable: [],
  evaluated: ['resource'],
  async execute({ action, run }) {
    const connection = action.connection ?? null;
    const save = (value: string, category: 'Success' | 'Queued' | 'Failure', input: string) => {
      if (action.result_name) run.saveResult({ name: action.result_name, value, category, input });
    };
    const fail = (message: string, code: string, resourceType: string) => {
      run.error(`kiunga_fhir_write: ${message}`, { code, extra: { resource_type: resourceType } });
      save('', 'Failure', resourceType);
    };

    let resource: Record<string, unknown>;
    const spec = action.resource;
    if (typeof spec === 'object' && spec.kind === 'questionnaire_response') {
      const status = (spec as { status?: 'completed' | 'in-progress' }).status ?? 'completed';
      resource = buildQuestionnaireResponse({
        flow: run.flow,
        run: { ...run.state, status: status === 'completed' ? 'completed' : 'active', exited_on: run.now() },
        contact: run.contact,
        trigger: run.session.trigger,
      }) as unknown as Record<string, unknown>;
    } else {
      const evaluated = evaluateResourceTemplate(spec as string | Record<string, unknown>, {
        text: (t) => run.evaluateChecked(t),
        value: (t) => {
          const checked = run.evaluateChecked(t);
          return checked.ok ? { value: run.evaluateValue(t), ok: true } : { value: null, ok: false };
        },
      });
      if ('problems' in evaluated) return fail(evaluated.problems.join('; '), 'kiunga_fhir:resource', '');
      resource = evaluated.resource;
    }
    const resourceType = String(resource.resourceType);

    const fhir = run.services.fhir;
    if (!fhir) return fail('no FHIR connection is available here (services.fhir is not configured)', 'kiunga_fhir:unavailable', resourceType);
    let written: { id: string; resourceType: string; queued?: boolean };
    try {
      written = await fhir.write(connection, resource);
    } catch (err) {
      return fail((err as Error).message, 'kiunga_fhir:write', resourceType);
    }
    const queued = written.queued === true;
    run.emit(fhirResourceWritten({ resourceType: written.resourceType, id: written.id, connection, status: queued ? 'queued' : 'written' }));
    save(queued ? '' : `${written.resourceType}/${written.id}`, queued ? 'Queued' : 'Success', resourceType);
  },
};
