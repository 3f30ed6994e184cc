/**
 * Shapes the FHIR page receives from the API (inferred from the server's router, so they never drift).
 *
 * Example: `const c: FhirConnection = (await api.fhir.connections.list.query())[0];`
 */
import type { ApiOutputs } from '../api/trpc-client.js';

export type FhirConnection = ApiOutputs['fhir']['connections']['list'][number];
export type SyncRun = ApiOutputs['fhir']['sync']['status'];
export type FhirWatcher = ApiOutputs['fhir']['watchers']['list'][number];
export type WatcherKind = FhirWatcher['kind'];
export type FhirWrite = ApiOutputs['fhir']['writes']['list'][number];

/** Auth types in the order the form offers them. */
export const AUTH_TYPES = ['none', 'basic', 'bearer', 'oauth2_client_credentials'] as const;
export type AuthType = (typeof AUTH_TYPES)[number];
