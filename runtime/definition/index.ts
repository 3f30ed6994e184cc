/**
 * The flow definition format: types, reading (migrate + validate), versions and issues.
 *
 *   import { readFlow, CURRENT_SPEC_VERSION, type Flow } from '../definition/index.js';
 *   const { flow, issues } = readFlow(json, { assets });
 */
export type * from './types.js';
export { readFlow, parseJsonText, type ReadFlowOptions, type ReadFlowResult } from './read.js';
export { validateFlow } from './validate.js';
export { checkFlowAssets } from './asset-check.js';
export { migrateFlow, MIGRATION_STEPS, type MigrateOptions, type MigrateResult } from './migrations/index.js';
export { migrateLegacyTemplate, migrateLegacyText, type LegacyMigrateOptions } from './legacy/expressions.js';
export { isLegacyDefinition, migrateLegacyDefinition } from './legacy/index.js';
export {
  CURRENT_SPEC_VERSION, ACCEPTED_VERSIONS_TEXT, classifySpecVersion, compareSpecVersions, parseSpecVersion, type SpecVersion,
} from './versions.js';
export { formatPath, hasErrors, type FlowIssue, type IssueSeverity } from './issues.js';
export { FLOW_TYPES, actionAllowedIn, waitAllowedIn, isFlowType } from './flow-types.js';
export { LIMITS } from './limits.js';
export { isLanguageCode } from './language-codes.js';
export { snakify } from './snakify.js';
