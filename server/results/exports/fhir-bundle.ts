/**
 * A FHIR R4 Bundle (type "collection") of one QuestionnaireResponse per run, built by the same builder
 * the live write-back uses (runtime/fhir/questionnaire-response.ts), so an export and a write-back of one
 * run carry the same items, identifier and author.
 *
 * Example: `fhirResponsesBundle(flow, runs, new Date())`
 *   // { resourceType: 'Bundle', type: 'collection', total: 2, entry: [{ fullUrl: 'urn:uuid:<run>', resource: { resourceType: 'QuestionnaireResponse', … } }] }
 */
import type { Bundle, QuestionnaireResponse } from '@medplum/fhirtypes';
import { buildQuestionnaireResponse } from '../../../runtime/fhir/questionnaire-response.js';
import type { ResultsFlow } from '../flow-definition.js';
import type { ResultRun } from '../flow-runs.js';

export function fhirResponsesBundle(flow: ResultsFlow, runs: ResultRun[], now: Date): Bundle<QuestionnaireResponse> {
  const entry = runs.map((run) => {
    const fields: Record<string, { text: string }> = {};
    if (run.contact.fhirRef) fields.fhir_ref = { text: run.contact.fhirRef };
    const resource = buildQuestionnaireResponse({
      flow: flow.definition,
      run: { uuid: run.uuid, status: run.status, results: run.results, created_on: run.createdAt, exited_on: run.exitedAt },
      contact: { name: run.contact.name ?? '', fields } as never,
    });
    return { fullUrl: `urn:uuid:${run.uuid}`, resource };
  });
  return { resourceType: 'Bundle', type: 'collection', timestamp: now.toISOString(), total: entry.length, entry } as Bundle<QuestionnaireResponse>;
}
