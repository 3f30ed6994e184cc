import type { SyncedGroupKind } from './sync-schema.js';

/** A sync-owned group a contact should be in. Example: `{ kind: 'district', key: 'CM.HP.BAK1', name: 'District: Bakomé' }`. */
export interface GroupWant {
  kind: SyncedGroupKind;
  key: string;
  name: string;
}

/**
 * What one FHIR resource (Practitioner or Patient) should look like as a Kiunga contact; built from FHIR
 * data only, then applied to the database by contact-writer.ts.
 *
 * Example:
 *   { ref: 'Practitioner/P1001', active: true, name: 'Divine Tanyi', language: 'eng', phones: ['+237690634222'],
 *     fields: { cadre: 'Nurse', facility: '…', facility_id: 'CM.NW.KOL2.18', district: '…', region: '…', gender: 'male',
 *     fhir_ref: 'Practitioner/P1001' }, groups: [{ kind: 'cadre', key: '…|2221', name: 'Cadre: Nurse' }, …] }
 */
export interface ContactPlan {
  ref: string;
  active: boolean;
  /** Why the record is not active, e.g. "Practitioner.active is false". */
  inactiveReason?: string;
  /** Why an active record cannot become a contact (no or invalid phone). */
  problem?: string;
  name: string | null;
  language: string | null;
  /** E.164, preferred first. */
  phones: string[];
  fields: Record<string, string>;
  groups: GroupWant[];
}
