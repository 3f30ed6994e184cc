/**
 * Events of Kiunga's FHIR actions (the engine adds uuid and created_on).
 *
 *   fhirRead({ connection: null, request: 'Location/F1', status: 'success', resource_type: 'Location' })
 *   fhirResourceWritten({ resourceType: 'Observation', id: '42', connection: 'moh' })
 */
import type { EventBody } from '../events/constructors.js';

/** Example: `{ type: 'kiunga_fhir_read', connection: 'moh', request: 'PractitionerRole?practitioner=P1', status: 'success', resource_type: 'Bundle', total: 1 }`. */
export function fhirRead(fields: { connection: string | null; request: string; status: 'success' | 'failure'; resource_type?: string; total?: number; error?: string }): EventBody {
  return { type: 'kiunga_fhir_read', ...fields };
}

/**
 * Example: `{ type: 'kiunga_fhir_resource_written', resourceType: 'QuestionnaireResponse', id: 'a1b2', connection: null }`.
 * `status: 'queued'` when the server could not be reached and the write waits in the retry queue (id is then empty).
 */
export function fhirResourceWritten(fields: { resourceType: string; id: string; connection: string | null; status?: 'written' | 'queued' }): EventBody {
  return { type: 'kiunga_fhir_resource_written', ...fields };
}
