import { pathToFileURL } from 'node:url';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { generateClinical, type PatientIntent } from './clinical.js';
import { createPrng } from './prng.js';
import { DEFAULT_REGISTRY_SIZE, generateRegistry, type FacilityIntent, type PractitionerIntent, type RegistrySize } from './registry.js';

/**
 * Options of the dev seed. Same options → byte-identical bundle.
 *
 * Example: `{ seed: 42, today: new Date('2026-11-25T00:00:00Z'), size: { ...DEFAULT_REGISTRY_SIZE, practitioners: 120 } }`.
 */
export interface DevSeedOptions {
  /** PRNG seed. Default 20261125. */
  seed?: number;
  /** Anchor for relative dates (role periods, appointments). Default: now. */
  today?: Date;
  size?: RegistrySize;
  /** Number of OpenMRS-shaped patients. Default 8. */
  patients?: number;
}

/**
 * The seed as one batch Bundle of `PUT Type/id` entries (idempotent: loading twice updates instead of
 * duplicating), plus what the generator intended, for tests and the README.
 */
export interface DevSeed {
  bundle: Bundle;
  practitioners: PractitionerIntent[];
  facilities: FacilityIntent[];
  patients: PatientIntent[];
  /** Location id → name for the country, regions and districts. */
  jurisdictionNames: Map<string, string>;
}

export const DEFAULT_SEED = 20261125;

/**
 * Generates Kiunga's own iHRIS-shaped development data (no third-party sample data is shipped).
 *
 * Example: `const { bundle } = generateDevSeed({ seed: 1 }); await client.batch({ body: bundle });`
 */
export function generateDevSeed(options: DevSeedOptions = {}): DevSeed {
  const prng = createPrng(options.seed ?? DEFAULT_SEED);
  const today = options.today ?? new Date();
  if (Number.isNaN(today.getTime())) throw new Error('generateDevSeed: options.today is an invalid Date');
  const registry = generateRegistry(prng, today, options.size ?? DEFAULT_REGISTRY_SIZE);
  const clinical = generateClinical(
    prng,
    today,
    registry.facilities,
    registry.practitioners.map((p) => p.id!),
    registry.nextNumber,
    options.patients ?? 8,
  );
  const resources: Resource[] = [
    ...registry.locations,
    ...registry.organizations,
    ...registry.practitioners,
    ...registry.roles,
    ...clinical.resources,
  ];
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'batch',
    meta: { tag: [{ system: 'urn:kiunga:dev', code: 'seed', display: 'Generated development data; no real people' }] },
    entry: resources.map((resource) => ({
      resource,
      request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` },
    })),
  };
  return {
    bundle,
    practitioners: registry.intents,
    facilities: registry.facilities,
    patients: clinical.patients,
    jurisdictionNames: registry.jurisdictionNames,
  };
}

// `tsx server/dev/seed/generate.ts [--seed N] [--today YYYY-MM-DD]` prints the seed bundle (POST it to any FHIR server).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const seedText = arg('--seed');
  const todayText = arg('--today');
  if (seedText !== undefined && !/^\d+$/.test(seedText)) {
    console.error(`--seed must be a whole number, got "${seedText}"`);
    process.exit(1);
  }
  const today = todayText ? new Date(`${todayText}T00:00:00Z`) : undefined;
  if (today && Number.isNaN(today.getTime())) {
    console.error(`--today must be YYYY-MM-DD, got "${todayText}"`);
    process.exit(1);
  }
  process.stdout.write(`${JSON.stringify(generateDevSeed({ seed: seedText ? Number(seedText) : undefined, today }).bundle, null, 2)}\n`);
}
