/**
 * messaging.channels.*: list, create and update channels. Secret config values (the channel type's
 * `secretConfigKeys`) are never returned: `list` shows which are set in `secretsSet`, and `update`
 * keeps a secret unless a new value is given.
 *
 * Example: `await trpc.messaging.channels.create.mutate({ name: 'Test', type: 'loopback', address: '+254700000000', schemes: ['tel'], config: { send_url: 'http://127.0.0.1:9100/send' } })`.
 */
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { defaultChannelTypes } from '../../../messaging/channel-types.js';
import { invalidateChannels } from '../../../messaging/channels-cache.js';
import { all, first, run } from '../../../messaging/sql.js';
import { adminProcedure, router, viewerProcedure } from '../../trpc.js';
import { withMessagingErrors } from './errors.js';
import { parseJsonField, runtimeOf } from './shared.js';

interface ChannelRow {
  id: string;
  uuid: string;
  name: string;
  type: string;
  address: string;
  schemes: string;
  config: string;
  role: string;
  rate_limit_segments_per_s: number;
  active: number;
  created_at: string;
  updated_at: string;
}

function secretKeys(type: string): string[] {
  const base = ['secret', 'token', 'api_key', 'auth_token', 'password', 'app_secret'];
  return defaultChannelTypes.has(type) ? [...new Set([...base, ...defaultChannelTypes.get(type).secretConfigKeys])] : base;
}

/** A channel as the API shows it: config without secrets. */
export function presentChannel(row: ChannelRow) {
  const config = parseJsonField<Record<string, unknown>>(row.config, {});
  const secrets = secretKeys(row.type);
  const publicConfig: Record<string, unknown> = {};
  const secretsSet: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (secrets.includes(key)) secretsSet.push(key);
    else publicConfig[key] = value;
  }
  return {
    id: row.id,
    uuid: row.uuid,
    name: row.name,
    type: row.type,
    address: row.address,
    schemes: parseJsonField<string[]>(row.schemes, []),
    role: row.role,
    rateLimitSegmentsPerS: row.rate_limit_segments_per_s,
    active: row.active === 1,
    config: publicConfig,
    secretsSet,
    webhookPath: `/webhooks/${row.type}/${row.uuid}`,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const COLUMNS = 'id, uuid, name, type, address, schemes, config, role, rate_limit_segments_per_s, active, created_at, updated_at';
const schemesInput = z.array(z.string().regex(/^[a-z][a-z0-9-]*$/)).min(1).max(10);

function validate(type: string, config: Record<string, unknown>): void {
  if (!defaultChannelTypes.has(type)) throw new Error(`type: unknown channel type "${type}" (known: ${defaultChannelTypes.list().map((t) => t.type).join(', ')})`);
  defaultChannelTypes.get(type).validateConfig?.(config);
}

export const channelsRouter = router({
  list: viewerProcedure.query(async ({ ctx }) => {
    const rows = await all<ChannelRow>(ctx.db, `SELECT ${COLUMNS} FROM channels WHERE workspace_id = ? ORDER BY name`, [ctx.workspace.id]);
    return rows.map(presentChannel);
  }),
  create: adminProcedure
    .input(
      z.object({
        name: z.string().min(1).max(100),
        type: z.string().min(1),
        address: z.string().max(100).default(''),
        schemes: schemesInput.default(['tel']),
        role: z.enum(['send', 'receive', 'send,receive']).default('send,receive'),
        config: z.record(z.string(), z.unknown()).default({}),
        rateLimitSegmentsPerS: z.number().min(0).max(10_000).default(10),
      }),
    )
    .mutation(({ ctx, input }) =>
      withMessagingErrors(async () => {
        validate(input.type, input.config);
        const id = uuidv7();
        const now = new Date().toISOString();
        await run(
          ctx.db,
          `INSERT INTO channels (id, workspace_id, uuid, name, type, address, schemes, config, role, rate_limit_segments_per_s, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
          [id, ctx.workspace.id, uuidv7(), input.name, input.type, input.address, JSON.stringify(input.schemes), JSON.stringify(input.config), input.role, input.rateLimitSegmentsPerS, now, now],
        );
        runtimeOf(ctx).assets.invalidate(ctx.workspace.id);
        return presentChannel((await first<ChannelRow>(ctx.db, `SELECT ${COLUMNS} FROM channels WHERE id = ?`, [id]))!);
      }),
    ),
  update: adminProcedure
    .input(
      z.object({
        id: z.string().min(1),
        name: z.string().min(1).max(100).optional(),
        address: z.string().max(100).optional(),
        schemes: schemesInput.optional(),
        role: z.enum(['send', 'receive', 'send,receive']).optional(),
        /** Merged into the stored config; a key set to null is removed. Secrets not given are kept. */
        config: z.record(z.string(), z.unknown()).optional(),
        rateLimitSegmentsPerS: z.number().min(0).max(10_000).optional(),
        active: z.boolean().optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      withMessagingErrors(async () => {
        const row = await first<ChannelRow>(ctx.db, `SELECT ${COLUMNS} FROM channels WHERE id = ? AND workspace_id = ?`, [input.id, ctx.workspace.id]);
        if (!row) throw new Error(`id: channel ${input.id} not found in this workspace`);
        const config = parseJsonField<Record<string, unknown>>(row.config, {});
        for (const [key, value] of Object.entries(input.config ?? {})) {
          if (value === null) delete config[key];
          else config[key] = value;
        }
        validate(row.type, config);
        await run(ctx.db, `UPDATE channels SET name = ?, address = ?, schemes = ?, role = ?, config = ?, rate_limit_segments_per_s = ?, active = ?, updated_at = ? WHERE id = ?`, [
          input.name ?? row.name, input.address ?? row.address, input.schemes ? JSON.stringify(input.schemes) : row.schemes, input.role ?? row.role, JSON.stringify(config),
          input.rateLimitSegmentsPerS ?? row.rate_limit_segments_per_s, input.active === undefined ? row.active : input.active ? 1 : 0, new Date().toISOString(), row.id,
        ]);
        invalidateChannels();
        runtimeOf(ctx).assets.invalidate(ctx.workspace.id);
        return presentChannel((await first<ChannelRow>(ctx.db, `SELECT ${COLUMNS} FROM channels WHERE id = ?`, [row.id]))!);
      }),
    ),
});
