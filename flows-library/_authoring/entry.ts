/**
 * One library entry as authored: the flow (built by builder.ts) and its manifest fields.
 * Example: `{ flow: { id: 'important-update', … }, manifest: { title: { en: '…', fr: '…' }, … } }`.
 */
import type { FlowSpec } from './builder.js';

/** Manifest fields other than `id` and `languages` (the build adds them). */
export interface ManifestSpec {
  title: { en: string; fr: string };
  description: { en: string; fr: string };
  /** Which use case of /work/shared/USE-CASES.md the flow serves, e.g. "surveillance". */
  use_case: string;
  /** Who the flow is started for. */
  audience: 'health_worker' | 'patient';
  /** How it starts: a flow start/broadcast by the program team, or by the FHIR watcher with trigger params. */
  started_by: 'flow_start' | 'fhir_watcher';
  /** Contact fields the flow reads (set by the FHIR sync or by hand). */
  contact_fields: string[];
  /** `@trigger.params` the flow expects, when started by a watcher (documentation; see the contract). */
  trigger_params?: string[];
}

export interface LibraryEntrySpec {
  flow: FlowSpec;
  manifest: ManifestSpec;
}
