/**
 * What a workspace can be targeted by: for each dimension (region, district, facility, cadre) the values
 * present on its contacts with how many active contacts carry each, and its groups with their active
 * member counts. Archived contacts (including the simulator's) are left out; stopped and blocked ones are
 * counted apart because broadcasts skip them.
 *
 * Example:
 *   await targetingOptions(db, workspaceId)
 *   // { dimensions: { district: [{ value: 'Kilifi', count: 120 }], region: [...], facility: [...], cadre: [...] },
 *   //   groups: [{ uuid: 'g1', name: 'Nurses', count: 80 }], contacts: { active: 300, inactive: 4 } }
 */
import { all, first, sqlFor, type Db } from '../messaging/sql.js';
import { TARGET_DIMENSIONS, type TargetDimension } from './dimensions.js';

/** One value of a dimension. Example: `{ value: 'Kilifi', count: 120 }`. */
export interface DimensionValue {
  value: string;
  count: number;
}

/** A group a picker can offer. Example: `{ uuid: '0193…', name: 'Nurses', count: 80 }`. */
export interface GroupOption {
  uuid: string;
  name: string;
  count: number;
}

/** Example: see the module comment. */
export interface TargetingOptions {
  dimensions: Record<TargetDimension, DimensionValue[]>;
  groups: GroupOption[];
  contacts: { active: number; inactive: number };
}

/** At most this many values per dimension are listed (most common first). */
export const MAX_VALUES_PER_DIMENSION = 500;

export async function targetingOptions(db: Db, workspaceId: string): Promise<TargetingOptions> {
  const dialect = sqlFor(db);
  const dimensions = {} as Record<TargetDimension, DimensionValue[]>;
  for (const dimension of TARGET_DIMENSIONS) {
    const column = dialect.jsonText('c.fields', [dimension]);
    const rows = await all<{ value: string; n: number | string }>(
      db,
      `SELECT ${column} AS value, COUNT(*) AS n FROM contacts c
        WHERE c.workspace_id = ? AND c.status = 'active' AND ${column} IS NOT NULL AND ${column} <> ''
        GROUP BY ${column} ORDER BY COUNT(*) DESC, ${column} LIMIT ?`,
      [workspaceId, MAX_VALUES_PER_DIMENSION],
    );
    dimensions[dimension] = rows.map((r) => ({ value: String(r.value), count: Number(r.n) }));
  }
  const groups = await all<{ uuid: string; name: string; n: number | string }>(
    db,
    `SELECT g.uuid, g.name, COUNT(c.id) AS n FROM groups g
       LEFT JOIN group_members gm ON gm.group_id = g.id
       LEFT JOIN contacts c ON c.id = gm.contact_id AND c.status = 'active'
      WHERE g.workspace_id = ? GROUP BY g.id, g.uuid, g.name ORDER BY g.name`,
    [workspaceId],
  );
  const counts = await first<{ active: number | string | null; inactive: number | string | null }>(
    db,
    `SELECT SUM(CASE WHEN status = 'active' THEN 1 ELSE 0 END) AS active, SUM(CASE WHEN status IN ('stopped', 'blocked') THEN 1 ELSE 0 END) AS inactive
       FROM contacts WHERE workspace_id = ?`,
    [workspaceId],
  );
  return {
    dimensions,
    groups: groups.map((g) => ({ uuid: g.uuid, name: g.name, count: Number(g.n) })),
    contacts: { active: Number(counts?.active ?? 0), inactive: Number(counts?.inactive ?? 0) },
  };
}
