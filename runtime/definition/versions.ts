/**
 * Flow spec versions: which ones Kiunga reads, which one it stores.
 *
 *   CURRENT_SPEC_VERSION                    // "14.4.2"
 *   classifySpecVersion('13.1.0')           // { kind: 'migratable', version: { major: 13, minor: 1, patch: 0 } }
 *   classifySpecVersion('11.12')            // { kind: 'legacy', ... }
 *   classifySpecVersion('15.0.0')           // { kind: 'too_new', ... }
 */

/** The spec version of every flow Kiunga stores; reading migrates older flows up to it. */
export const CURRENT_SPEC_VERSION = '14.4.2';

/** The oldest legacy (action_sets / rule_sets) version we still read. */
export const OLDEST_LEGACY_VERSION = '11.0';

/** Human-readable summary of what we accept, used in error messages. */
export const ACCEPTED_VERSIONS_TEXT = `legacy 11.x and 12.x flows (action_sets/rule_sets), and 13.0.0 to ${CURRENT_SPEC_VERSION}`;

/** A parsed semantic version. Example: `{ major: 13, minor: 1, patch: 0 }`. */
export interface SpecVersion {
  major: number;
  minor: number;
  patch: number;
}

/**
 * Parses "13", "13.1", "13.1.0" or a number like 11.12 (legacy exports store versions as numbers or strings).
 * Returns null when it is not a version at all. Example: `parseSpecVersion('11.12')` → `{ major: 11, minor: 12, patch: 0 }`.
 */
export function parseSpecVersion(value: unknown): SpecVersion | null {
  let text: string;
  if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else if (typeof value === 'string') text = value.trim();
  else return null;
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(text);
  if (!match) return null;
  return { major: Number(match[1]), minor: Number(match[2] ?? 0), patch: Number(match[3] ?? 0) };
}

/** Negative when a < b, zero when equal, positive when a > b. */
export function compareSpecVersions(a: SpecVersion, b: SpecVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** "13.1.0" */
export function formatSpecVersion(v: SpecVersion): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

export const CURRENT: SpecVersion = parseSpecVersion(CURRENT_SPEC_VERSION)!;

/**
 * What to do with a flow of this version:
 * - `legacy`: an 11.x/12.x definition that goes through the legacy migration first;
 * - `migratable`: 13.0.0 up to the current version (migrated step by step);
 * - `newer_patch`: same major.minor as current but a newer patch: read as current, with a warning;
 * - `too_new`: a newer major or minor than we know: refused;
 * - `too_old`: older than 11.0: refused;
 * - `invalid`: not a version.
 */
export type VersionKind = 'legacy' | 'migratable' | 'newer_patch' | 'too_new' | 'too_old' | 'invalid';

export function classifySpecVersion(value: unknown): { kind: VersionKind; version: SpecVersion | null } {
  const version = parseSpecVersion(value);
  if (!version) return { kind: 'invalid', version: null };
  if (version.major < 11) return { kind: 'too_old', version };
  if (version.major < 13) return { kind: 'legacy', version };
  if (compareSpecVersions(version, CURRENT) <= 0) return { kind: 'migratable', version };
  if (version.major === CURRENT.major && version.minor === CURRENT.minor) return { kind: 'newer_patch', version };
  // a newer minor of an older major (e.g. 13.9999) is still older than the current major: goflow migrates it
  if (version.major < CURRENT.major) return { kind: 'migratable', version };
  return { kind: 'too_new', version };
}
