/**
 * The contact fields a program officer targets by: the ones FHIR sync writes on every health worker
 * (server/fhir/contact-plan.ts). Each dimension is a custom field key the recipients query language
 * understands (`district = "Kilifi"`).
 *
 * Example: `TARGET_DIMENSIONS` → `['region', 'district', 'facility', 'cadre']`.
 */
export const TARGET_DIMENSIONS = ['region', 'district', 'facility', 'cadre'] as const;

/** One targeting dimension. Example: `"district"`. */
export type TargetDimension = (typeof TARGET_DIMENSIONS)[number];

export function isTargetDimension(value: string): value is TargetDimension {
  return (TARGET_DIMENSIONS as readonly string[]).includes(value);
}
