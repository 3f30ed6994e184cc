import type { Location, Organization } from '@medplum/fhirtypes';

/** Example: `{ facility: { id: 'CM.HP.BAK1.4', name: 'Bakomé Health Post' }, district: {…}, region: {…} }`. */
export interface Placement {
  facility?: { id: string; name: string };
  district?: { id: string; name: string };
  region?: { id: string; name: string };
}

const JURISDICTION_LEVELS = new Set(['country', 'region', 'district', 'province', 'county', 'sub-county', 'subcounty', 'chiefdom', 'state', 'zone']);

function levelOf(location: Location): string | undefined {
  for (const type of location.type ?? []) {
    for (const coding of type.coding ?? []) {
      const code = coding.code?.toLowerCase();
      if (code && JURISDICTION_LEVELS.has(code)) return code;
    }
    const text = type.text?.toLowerCase();
    if (text && JURISDICTION_LEVELS.has(text)) return text;
  }
  return undefined;
}

function idOf(reference: string | undefined, type: 'Location' | 'Organization'): string | undefined {
  if (!reference) return undefined;
  const match = new RegExp(`(?:^|/)${type}/([^/]+)(?:/_history/[^/]+)?$`).exec(reference);
  return match?.[1];
}

/**
 * Resolves facilities to their district and region through the mCSD `Location.partOf` hierarchy.
 * Levels come from `Location.type` (iHRIS: jurisdiction codes "district"/"region"); when a hierarchy has
 * no such types, the facility's parent is taken as the district and the grandparent as the region.
 * Cycles and dangling references end the walk instead of failing the sync.
 *
 * Example: `new LocationHierarchy(locations, orgs).place('Location/CM.HP.BAK1.4')`.
 */
export class LocationHierarchy {
  private readonly byId = new Map<string, Location>();
  private readonly orgById = new Map<string, Organization>();

  constructor(locations: readonly Location[], organizations: readonly Organization[] = []) {
    for (const l of locations) if (l.id) this.byId.set(l.id, l);
    for (const o of organizations) if (o.id) this.orgById.set(o.id, o);
  }

  /** Ancestors from the parent upwards (not including the location itself). */
  ancestors(id: string): Location[] {
    const chain: Location[] = [];
    const visited = new Set([id]);
    let current = this.byId.get(id);
    while (current) {
      const parentId = idOf(current.partOf?.reference, 'Location');
      if (!parentId || visited.has(parentId)) break;
      visited.add(parentId);
      current = this.byId.get(parentId);
      if (current) chain.push(current);
    }
    return chain;
  }

  /** True when `id` is `ancestorId` or lies below it. */
  isWithin(id: string, ancestorIds: ReadonlySet<string>): boolean {
    return ancestorIds.has(id) || this.ancestors(id).some((a) => ancestorIds.has(a.id!));
  }

  /** Facility, district and region of a role's location (or, without one, its organization). */
  place(locationRef: string | undefined, organizationRef?: string): Placement {
    const locationId = idOf(locationRef, 'Location');
    const location = locationId ? this.byId.get(locationId) : undefined;
    if (!location) {
      const orgId = idOf(organizationRef, 'Organization');
      const org = orgId ? this.orgById.get(orgId) : undefined;
      // mCSD facilities share the id of their Organization and Location; try that before giving up.
      if (orgId && this.byId.has(orgId)) return this.place(`Location/${orgId}`);
      return org?.id ? { facility: { id: org.id, name: org.name ?? org.id } } : {};
    }
    const ancestors = this.ancestors(location.id!);
    const named = (l: Location | undefined) => (l ? { id: l.id!, name: l.name ?? l.id! } : undefined);
    const typed = ancestors.some((a) => levelOf(a) !== undefined);
    if (typed) {
      return {
        facility: named(location),
        district: named(ancestors.find((a) => levelOf(a) === 'district')),
        region: named(ancestors.find((a) => levelOf(a) === 'region' || levelOf(a) === 'province')),
      };
    }
    return { facility: named(location), district: named(ancestors[0]), region: named(ancestors[1]) };
  }
}
