import type { CapabilityStatement } from '@medplum/fhirtypes';

/** Resource types the dev seed fills; the server accepts any R4 type, these are the ones advertised. */
const ADVERTISED_TYPES = [
  'Location',
  'Organization',
  'Practitioner',
  'PractitionerRole',
  'Patient',
  'Observation',
  'Appointment',
  'ServiceRequest',
  'DiagnosticReport',
  'Task',
  'CommunicationRequest',
  'Communication',
  'QuestionnaireResponse',
] as const;

/**
 * A minimal CapabilityStatement for `GET [base]/metadata` (medplum's router has none), so clients that probe
 * the server first (fhir-kit-client's `capabilityStatement()`, HAPI-style health checks) get an answer.
 *
 * Example: `capabilityStatement('http://127.0.0.1:8090/fhir').fhirVersion === '4.0.1'`.
 */
export function capabilityStatement(baseUrl: string): CapabilityStatement {
  const interaction = ['read', 'vread', 'update', 'patch', 'delete', 'history-instance', 'create', 'search-type'].map((code) => ({
    code: code as 'read',
  }));
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-11-25',
    kind: 'instance',
    software: { name: 'Kiunga FHIR dev server (@medplum/fhir-router MemoryRepository)' },
    implementation: { description: 'In-memory development server; data is lost on exit', url: baseUrl },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'application/json'],
    rest: [
      {
        mode: 'server',
        documentation: 'No _include/_revinclude, no chained parameters, no number/quantity search, no validation.',
        resource: ADVERTISED_TYPES.map((type) => ({ type, interaction, conditionalCreate: true, conditionalUpdate: true })),
        interaction: [{ code: 'batch' }, { code: 'transaction' }],
      },
    ],
  };
}
