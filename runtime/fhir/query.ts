/**
 * The FHIR requests `kiunga_fhir_read` may make: a read (`Type/id`) or a search
 * (`Type?param=value&…`), relative to the connection's base URL. Absolute URLs are refused so a flow can
 * only reach the configured server.
 *
 *   parseFhirQuery('PractitionerRole?practitioner=P1001')
 *   // { kind: 'search', resourceType: 'PractitionerRole', params: { practitioner: 'P1001' } }
 *   parseFhirQuery('Location/F12')  // { kind: 'read', resourceType: 'Location', id: 'F12' }
 */

/** Example: `{ kind: 'search', resourceType: 'Observation', params: { code: ['a', 'b'] } }` (repeated params become lists). */
export type FhirQuery =
  | { kind: 'read'; resourceType: string; id: string }
  | { kind: 'search'; resourceType: string; params: Record<string, string | string[]> };

const READ = /^([A-Z][A-Za-z]{1,63})\/([A-Za-z0-9\-.]{1,64})$/;
const SEARCH = /^([A-Z][A-Za-z]{1,63})(?:\?(.*))?$/s;

/** The parsed query, or an Error whose message says what is wrong. */
export function parseFhirQuery(text: string): FhirQuery {
  const query = text.trim();
  if (query === '') throw new Error('the FHIR query is empty');
  if (/^[a-z][a-z0-9+.-]*:/i.test(query)) throw new Error(`the FHIR query "${query}" is an absolute URL; give a path relative to the connection, e.g. "Location/F1" or "PractitionerRole?practitioner=P1"`);
  const read = READ.exec(query);
  if (read) return { kind: 'read', resourceType: read[1], id: read[2] };
  const search = SEARCH.exec(query);
  if (!search) throw new Error(`the FHIR query "${query}" is neither a read (Type/id) nor a search (Type?param=value)`);
  const params: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(search[2] ?? '')) {
    const prior = params[key];
    params[key] = prior === undefined ? value : ([] as string[]).concat(prior, value);
  }
  return { kind: 'search', resourceType: search[1], params };
}
