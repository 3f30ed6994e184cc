/**
 * Small helpers for reading a FHIR server in batches: ids in chunks a search URL can carry, and the newest
 * `meta.lastUpdated` of what was read (the cursor of the next incremental read).
 *
 * Example: `for (const ids of idChunks(practitionerIds)) await client.all('Practitioner', { _id: ids.join(',') })`;
 *          `cursor = newestStamp(cursor, resources)`.
 */
import type { Resource } from '@medplum/fhirtypes';

/** Ids per `_id` search: keeps URLs well under common server limits. */
export const ID_CHUNK = 40;

export function idChunks<T>(items: readonly T[], size = ID_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The latest of `current` and the resources' `meta.lastUpdated`, or `current` when none is later. */
export function newestStamp(current: string | null, resources: readonly Resource[]): string | null {
  let max = current;
  for (const r of resources) {
    const stamp = r.meta?.lastUpdated;
    if (stamp && (!max || Date.parse(stamp) > Date.parse(max))) max = stamp;
  }
  return max;
}
