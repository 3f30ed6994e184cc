/**
 * Channel rows as channel types see them (`ChannelInfo`, config parsed), cached briefly by id and uuid.
 *
 * Example: `const channel = await channelById(db, message.channel_id)` → `{ id, uuid, type: "loopback", config: { send_url: "…" }, … }`.
 */
import type { ChannelInfo } from '../channels/types.js';
import { first, parseJson, type Db } from './sql.js';

interface ChannelRow {
  id: string;
  uuid: string;
  workspace_id: string;
  type: string;
  name: string;
  address: string;
  schemes: string;
  config: string;
  active: number;
  rate_limit_segments_per_s: number;
}

/** A channel with its send rate and active flag. */
export interface CachedChannel extends ChannelInfo {
  active: boolean;
  rateLimitSegmentsPerS: number;
}

const byId = new Map<string, { at: number; value: CachedChannel | null }>();
const TTL_MS = 5_000;

function toInfo(row: ChannelRow): CachedChannel {
  return {
    id: row.id,
    uuid: row.uuid,
    workspaceId: row.workspace_id,
    type: row.type,
    name: row.name,
    address: row.address,
    schemes: parseJson<string[]>(row.schemes, []),
    config: parseJson<Record<string, unknown>>(row.config, {}),
    active: row.active === 1,
    rateLimitSegmentsPerS: row.rate_limit_segments_per_s,
  };
}

const COLUMNS = 'id, uuid, workspace_id, type, name, address, schemes, config, active, rate_limit_segments_per_s';

export async function channelById(db: Db, id: string): Promise<CachedChannel | null> {
  const hit = byId.get(id);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
  const row = await first<ChannelRow>(db, `SELECT ${COLUMNS} FROM channels WHERE id = ?`, [id]);
  const value = row ? toInfo(row) : null;
  byId.set(id, { at: Date.now(), value });
  return value;
}

const byUuid = new Map<string, { at: number; value: CachedChannel | null }>();

/** Webhooks look channels up by the uuid in their URL. */
export async function channelByUuid(db: Db, uuid: string): Promise<CachedChannel | null> {
  const hit = byUuid.get(uuid);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
  const row = await first<ChannelRow>(db, `SELECT ${COLUMNS} FROM channels WHERE uuid = ?`, [uuid]);
  const value = row ? toInfo(row) : null;
  byUuid.set(uuid, { at: Date.now(), value });
  return value;
}

/** Forget cached channels (after channels.update). */
export function invalidateChannels(): void {
  byId.clear();
  byUuid.clear();
}
