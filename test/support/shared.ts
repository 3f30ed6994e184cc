/**
 * Where the read-only reference data lives: `../shared` beside the repository (goflow conformance cases,
 * RapidPro exports, FHIR samples). A user's clone has no such folder: suites that read it call
 * `describe.skipIf(!SHARED_DIR)` and say why through SHARED_MISSING.
 *
 *   describe.skipIf(!SHARED_DIR)('goflow runner cases', () => { ... sharedPath('rapidpro/goflow-cases') ... })
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const candidate = process.env.KIUNGA_SHARED_DIR ?? resolve(REPO_ROOT, '../shared');

/** The shared reference folder, or null when this checkout has none. */
export const SHARED_DIR: string | null = existsSync(join(candidate, 'rapidpro')) ? candidate : null;

export const SHARED_MISSING = `skipped: reference data not found at ${candidate} (a plain clone has no ../shared; set KIUNGA_SHARED_DIR to run these suites)`;

if (!SHARED_DIR) console.warn(SHARED_MISSING);

/** A path inside the shared folder (a path that does not exist when SHARED_DIR is null). */
export function sharedPath(...parts: string[]): string {
  return join(SHARED_DIR ?? candidate, ...parts);
}
