/**
 * One migration step: rewrites a flow (plain JSON, in place) from the previous spec version to `version`.
 *
 *   export const step: MigrationStep = { version: '14.4.0', summary: 'drops send_msg all_urns', migrate(flow) { ... } };
 */
import type { JsonObject } from '../json.js';

/** Example: `{ newUuid: () => uuidv4() }`. */
export interface MigrationContext {
  /** New UUIDs for objects a migration creates (deterministic in tests). */
  newUuid(): string;
}

/** Example: see the module doc. */
export interface MigrationStep {
  /** The version the flow is at after this step, e.g. "13.1.0". */
  version: string;
  /** What the step changes, for the README and the migration log. */
  summary: string;
  migrate(flow: JsonObject, ctx: MigrationContext): void;
}
