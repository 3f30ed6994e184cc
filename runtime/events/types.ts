/**
 * Events are the engine's output contract (goflow's event JSON): msg_created, msg_wait, run_started,
 * run_ended, run_result_changed, contact_field_changed, contact_groups_changed, webhook_called, error,
 * warning, failure, ... plus Kiunga's namespaced extensions (e.g. fhir_resource_written).
 * Every event has a type, a uuid-like id and created_on; the rest depends on the type. The fields of
 * each type are built by one constructor each in ./constructors.ts.
 *
 * Example: `{ "type": "msg_created", "uuid": "0196...", "created_on": "2025-05-04T12:30:53.123000000Z",
 *             "msg": { "urn": "tel:+250788123123", "text": "Hi Amina", "locale": "eng-RW" } }`
 */
export interface FlowEvent {
  type: string;
  uuid?: string;
  created_on: string;
  step_uuid?: string;
  [field: string]: unknown;
}
