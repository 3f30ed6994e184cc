/**
 * Brings any accepted flow definition up to CURRENT_SPEC_VERSION: legacy (11.x/12.x) definitions are first
 * converted to 13.0.0 (../legacy), then every step newer than the flow's version is applied in order.
 * Works on a copy; never throws; problems come back as issues.
 *
 *   const { flow, issues, applied } = migrateFlow(json);
 *   // applied: ['13.2.0', '13.3.0', ..., '14.4.2']
 */
import { v4 as uuidv4 } from 'uuid';
import { cloneJson, isObject, type JsonObject } from '../json.js';
import { issue, type FlowIssue } from '../issues.js';
import {
  ACCEPTED_VERSIONS_TEXT,
  classifySpecVersion,
  compareSpecVersions,
  CURRENT_SPEC_VERSION,
  formatSpecVersion,
  parseSpecVersion,
} from '../versions.js';
import { isLegacyDefinition, migrateLegacyDefinition } from '../legacy/index.js';
import type { MigrationContext, MigrationStep } from './step.js';
import { step as m13_1_0 } from './13.1.0.js';
import { step as m13_2_0 } from './13.2.0.js';
import { step as m13_3_0 } from './13.3.0.js';
import { step as m13_4_0 } from './13.4.0.js';
import { step as m13_5_0 } from './13.5.0.js';
import { step as m13_6_0 } from './13.6.0.js';
import { step as m13_6_1 } from './13.6.1.js';
import { step as m14_0_0 } from './14.0.0.js';
import { step as m14_1_0 } from './14.1.0.js';
import { step as m14_2_0 } from './14.2.0.js';
import { step as m14_3_0 } from './14.3.0.js';
import { step as m14_3_1 } from './14.3.1.js';
import { step as m14_4_0 } from './14.4.0.js';
import { step as m14_4_1 } from './14.4.1.js';
import { step as m14_4_2 } from './14.4.2.js';

/** Every step, oldest first. The last one's version is CURRENT_SPEC_VERSION. */
export const MIGRATION_STEPS: readonly MigrationStep[] = [
  m13_1_0, m13_2_0, m13_3_0, m13_4_0, m13_5_0, m13_6_0, m13_6_1,
  m14_0_0, m14_1_0, m14_2_0, m14_3_0, m14_3_1, m14_4_0, m14_4_1, m14_4_2,
];

/** Example: `{ toVersion: '13.4.0', newUuid: () => ids.uuid() }`. */
export interface MigrateOptions {
  /** UUIDs for objects created by migrations; random v4 by default. */
  newUuid?: () => string;
  /** Stop at this version instead of the current one (used to test single steps). */
  toVersion?: string;
  /** Prefix for relative media URLs in legacy flows (legacy attachments were stored as relative paths). */
  baseMediaUrl?: string;
}

/** Example: `{ flow: { ..., spec_version: '14.4.2' }, issues: [], applied: ['14.4.1', '14.4.2'] }`. */
export interface MigrateResult {
  /** The migrated definition (plain JSON, not yet validated), or null when it cannot be migrated. */
  flow: JsonObject | null;
  issues: FlowIssue[];
  /** Versions of the steps applied, oldest first; "legacy" first when a legacy definition was converted. */
  applied: string[];
}

export function migrateFlow(input: unknown, options: MigrateOptions = {}): MigrateResult {
  const issues: FlowIssue[] = [];
  const applied: string[] = [];
  if (!isObject(input)) {
    issues.push(issue('error', 'not_an_object', '', 'a flow definition must be a JSON object'));
    return { flow: null, issues, applied };
  }
  const ctx: MigrationContext = { newUuid: options.newUuid ?? (() => uuidv4()) };
  let flow = cloneJson(input);

  if (flow.spec_version === undefined && isLegacyDefinition(flow)) {
    const legacy = migrateLegacyDefinition(flow, { newUuid: ctx.newUuid, baseMediaUrl: options.baseMediaUrl });
    issues.push(...legacy.issues);
    if (!legacy.flow) return { flow: null, issues, applied };
    flow = legacy.flow;
    applied.push('legacy');
  }

  if (flow.spec_version === undefined || flow.spec_version === null || flow.spec_version === '') {
    issues.push(
      issue('error', 'missing_spec_version', 'spec_version', `the flow has no spec_version; Kiunga reads ${ACCEPTED_VERSIONS_TEXT}`),
    );
    return { flow: null, issues, applied };
  }
  const { kind, version } = classifySpecVersion(flow.spec_version);
  const shown = JSON.stringify(flow.spec_version);
  switch (kind) {
    case 'invalid':
      issues.push(issue('error', 'invalid_spec_version', 'spec_version', `${shown} is not a version number; Kiunga reads ${ACCEPTED_VERSIONS_TEXT}`));
      return { flow: null, issues, applied };
    case 'too_old':
      issues.push(issue('error', 'unsupported_spec_version', 'spec_version', `version ${shown} is too old; Kiunga reads ${ACCEPTED_VERSIONS_TEXT}`));
      return { flow: null, issues, applied };
    case 'too_new':
      issues.push(
        issue('error', 'unsupported_spec_version', 'spec_version',
          `version ${formatSpecVersion(version!)} is newer than the versions Kiunga knows; Kiunga reads ${ACCEPTED_VERSIONS_TEXT}`),
      );
      return { flow: null, issues, applied };
    case 'legacy':
      issues.push(
        issue('error', 'invalid_legacy_flow', 'spec_version',
          `version ${shown} is a legacy version but the flow does not have the legacy layout (action_sets / rule_sets)`),
      );
      return { flow: null, issues, applied };
    case 'newer_patch':
      issues.push(
        issue('warning', 'newer_patch_version', 'spec_version',
          `version ${formatSpecVersion(version!)} is a newer patch than ${CURRENT_SPEC_VERSION}; it is read as ${CURRENT_SPEC_VERSION}`),
      );
      return { flow, issues, applied };
    case 'migratable':
      break;
  }

  const target = parseSpecVersion(options.toVersion ?? CURRENT_SPEC_VERSION)!;
  for (const step of MIGRATION_STEPS) {
    const stepVersion = parseSpecVersion(step.version)!;
    if (compareSpecVersions(stepVersion, version!) <= 0 || compareSpecVersions(stepVersion, target) > 0) continue;
    try {
      step.migrate(flow, ctx);
    } catch (err) {
      // steps are written not to throw on malformed input; this guards against the unforeseen
      issues.push(issue('error', 'migration_failed', '', `migrating to ${step.version} failed: ${(err as Error).message}`));
      return { flow: null, issues, applied };
    }
    flow.spec_version = step.version;
    applied.push(step.version);
  }
  return { flow, issues, applied };
}
