/**
 * Builds a recipients targets JSON from a picker's choices: one value per dimension (joined with AND into
 * the query language of server/messaging/recipients.ts), an optional free query clause, and groups (a
 * contact in any chosen group is a recipient too). Shared by the web picker and the server tests.
 *
 * Example:
 *   targetsFromChoices({ filters: { district: 'Kilifi', cadre: 'Nurse' }, groups: ['g1'], query: '' })
 *   // → { groups: ['g1'], query: 'district = "Kilifi" AND cadre = "Nurse"' }
 */

/** What a picker chose. Example: `{ filters: { district: 'Kilifi' }, groups: [], query: 'language = fra' }`. */
export interface TargetChoices {
  filters: Partial<Record<string, string>>;
  groups: string[];
  query: string;
}

/** The targets JSON the broadcasts and starts APIs take. Example: `{ query: 'district = "Kilifi"' }`. */
export interface TargetsJson {
  groups?: string[];
  query?: string;
}

/** A clause `key = "value"`; throws when the value cannot be written in the query language. */
export function equalsClause(key: string, value: string): string {
  if (!value.includes('"')) return `${key} = "${value}"`;
  if (!value.includes("'")) return `${key} = '${value}'`;
  throw new Error(`${key}: the value "${value}" holds both kinds of quotes and cannot be written in a query`);
}

/** The targets for the choices, or null when nothing is chosen. */
export function targetsFromChoices(choices: TargetChoices): TargetsJson | null {
  const clauses: string[] = [];
  for (const [key, value] of Object.entries(choices.filters)) if (value) clauses.push(equalsClause(key, value));
  const extra = choices.query.trim();
  if (extra) clauses.push(extra);
  const targets: TargetsJson = {};
  if (choices.groups.length) targets.groups = [...choices.groups];
  if (clauses.length) targets.query = clauses.join(' AND ');
  return targets.groups || targets.query ? targets : null;
}
