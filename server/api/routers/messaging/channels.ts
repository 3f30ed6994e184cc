/**
 * messaging.channels.*: the channel setup API.
 *
 * - `types` (viewer): the provider types with their form fields (server/channels/setup-forms.ts).
 * - `list` (viewer): channels without their secrets (`secretsSet` names the secrets that are set) and
 *   the webhook paths to paste into each provider's console.
 * - `create` / `update` (admin): config validated by the channel type; secrets are write-only: `update`
 *   keeps a secret unless a new value is given, and nothing returns one.
 * - `traffic` (viewer): the channel's latest messages, both directions, with status, error and attachments.
 * - `sendTest` (admin): queues a test message to a URN through the normal outbox path.
 * - `registerWebhooks` (admin): for providers configured by API (Telegram's setWebhook), tells the provider
 *   our webhook URLs, built on the server's public URL, else on the base URL the page gives (its origin).
 * Every call is scoped to the caller's workspace.
 *
 * Example: `await trpc.messaging.channels.create.mutate({ name: 'SMS Kenya', type: 'africastalking', address: '20880', schemes: ['tel'], config: { username: 'moh', api_key: '…' }, rateLimitSegmentsPerS: 10 })`.
 */
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { defaultChannelTypes } from '../../../messaging/channel-types.js';
import { invalidateChannels, channelById } from '../../../messaging/channels-cache.js';
import { all, first, run } from '../../../messaging/sql.js';
import { PROVIDER_CHANNEL_TYPES, PROVIDER_WEBHOOKS } from '../../../channels/registry-providers.js';
import { providerSetups } from '../../../channels/setup-forms.js';
import { queueTestMessage } from '../../../channels/test-message.js';
import { providerEnvironment } from '../../../channels/common/provider-environment.js';
import { webhookPath } from '../../../channels/common/webhook.js';
import type { ChannelType } from '../../../channels/types.js';
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

/** The channel type by its type string: a provider adapter, or one of the built-in ones (loopback, simulator). */
function channelTypeOf(type: string): ChannelType | null {
  return PROVIDER_CHANNEL_TYPES.find((t) => t.type === type) ?? (defaultChannelTypes.has(type) ? defaultChannelTypes.get(type) : null);
}

function knownTypes(): string[] {
  return [...new Set([...PROVIDER_CHANNEL_TYPES.map((t) => t.type), ...defaultChannelTypes.list().map((t) => t.type)])];
}

function secretKeys(type: string): string[] {
  const base = ['secret', 'token', 'api_key', 'auth_token', 'password', 'app_secret'];
  return [...new Set([...base, ...(channelTypeOf(type)?.secretConfigKeys ?? [])])];
}

/** Webhook paths of a channel, per action. Example: `[{ action: "receive", path: "/webhooks/channels/twilio/<uuid>/receive" }]`. */
function webhooksOf(row: { type: string; uuid: string }): { action: string; path: string }[] {
  const provider = PROVIDER_WEBHOOKS[row.type];
  if (provider) return provider.actions.map((action) => ({ action, path: webhookPath(provider.provider, row.uuid, action) }));
  if (row.type === 'loopback') return [{ action: 'receive', path: `/webhooks/loopback/${row.uuid}` }];
  return [];
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
  const webhooks = webhooksOf(row);
  return {
    id: row.id,
    uuid: row.uuid,
    name: row.name,
    type: row.type,
    address: row.address,
    schemes: parseJsonField<string[]>(row.schemes, []),
    role: row.role,
    rateLimitSegmentsPerS: Number(row.rate_limit_segments_per_s),
    active: Number(row.active) === 1,
    config: publicConfig,
    secretsSet,
    /** The first webhook path (kept for older clients); `webhooks` lists them all. */
    webhookPath: webhooks[0]?.path ?? `/webhooks/${row.type}/${row.uuid}`,
    webhooks,
    /** The base to put before the paths when the server knows its public URL (else the browser's origin is the best guess). */
    publicUrl: typeof config.callback_base_url === 'string' ? config.callback_base_url : providerEnvironment().publicUrl,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const COLUMNS = 'id, uuid, name, type, address, schemes, config, role, rate_limit_segments_per_s, active, created_at, updated_at';
const schemesInput = z.array(z.string().regex(/^[a-z][a-z0-9-]*$/)).min(1).max(10);
const rateInput = z.number().min(0).max(10_000);

function validate(type: string, config: Record<string, unknown>): void {
  const channelType = channelTypeOf(type);
  if (!channelType) throw new Error(`type: unknown channel type "${type}" (known: ${knownTypes().join(', ')})`);
  channelType.validateConfig?.(config);
}

/** Empty strings from a form mean "not set": dropped, so optional fields stay absent and defaults apply. */
function withoutBlanks(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (value === '' || value === undefined) continue;
    out[key] = value !== null && typeof value === 'object' && !Array.isArray(value) ? withoutBlanks(value as Record<string, unknown>) : value;
    if (out[key] !== null && typeof out[key] === 'object' && !Array.isArray(out[key]) && Object.keys(out[key] as object).length === 0) delete out[key];
  }
  return out;
}

async function channelRow(ctx: { db: Parameters<typeof first>[0]; workspace: { id: string } }, id: string): Promise<ChannelRow> {
  const row = await first<ChannelRow>(ctx.db, `SELECT ${COLUMNS} FROM channels WHERE id = ? AND workspace_id = ?`, [id, ctx.workspace.id]);
  if (!row) throw new Error(`id: channel ${id} not found in this workspace`);
  return row;
}

interface TrafficRow {
  uuid: string;
  direction: string;
  text: string;
  attachments: string;
  status: string;
  error: string | null;
  priority: number;
  attempts: number;
  segments: number;
  urn: string | null;
  created_at: string;
  sent_at: string | null;
}

export const channelsRouter = router({
  types: viewerProcedure.query(() => providerSetups()),
  list: viewerProcedure.query(async ({ ctx }) => {
    const rows = await all<ChannelRow>(ctx.db, `SELECT ${COLUMNS} FROM channels WHERE workspace_id = ? ORDER BY name`, [ctx.workspace.id]);
    return rows.map(presentChannel);
  }),
  create: adminProcedure
    .input(
      z.object({
        name: z.string().trim().min(1).max(100),
        type: z.string().min(1),
        address: z.string().trim().max(100).default(''),
        schemes: schemesInput.optional(),
        role: z.enum(['send', 'receive', 'send,receive']).default('send,receive'),
        config: z.record(z.string(), z.unknown()).default({}),
        rateLimitSegmentsPerS: rateInput.default(10),
      }),
    )
    .mutation(({ ctx, input }) =>
      withMessagingErrors(async () => {
        const config = withoutBlanks(input.config);
        validate(input.type, config);
        const schemes = input.schemes ?? channelTypeOf(input.type)?.schemes ?? ['tel'];
        const id = uuidv7();
        const now = new Date().toISOString();
        await run(
          ctx.db,
          `INSERT INTO channels (id, workspace_id, uuid, name, type, address, schemes, config, role, rate_limit_segments_per_s, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
          [id, ctx.workspace.id, uuidv7(), input.name, input.type, input.address, JSON.stringify(schemes), JSON.stringify(config), input.role, input.rateLimitSegmentsPerS, now, now],
        );
        runtimeOf(ctx).assets.invalidate(ctx.workspace.id);
        return presentChannel((await first<ChannelRow>(ctx.db, `SELECT ${COLUMNS} FROM channels WHERE id = ?`, [id]))!);
      }),
    ),
  update: adminProcedure
    .input(
      z.object({
        id: z.string().min(1),
        name: z.string().trim().min(1).max(100).optional(),
        address: z.string().trim().max(100).optional(),
        schemes: schemesInput.optional(),
        role: z.enum(['send', 'receive', 'send,receive']).optional(),
        /** Merged into the stored config; a key set to null is removed. Secrets not given (or blank) are kept. */
        config: z.record(z.string(), z.unknown()).optional(),
        rateLimitSegmentsPerS: rateInput.optional(),
        active: z.boolean().optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      withMessagingErrors(async () => {
        const row = await channelRow(ctx, input.id);
        const config = parseJsonField<Record<string, unknown>>(row.config, {});
        for (const [key, value] of Object.entries(input.config ?? {})) {
          if (value === null) delete config[key];
          else if (value !== '') config[key] = value;
        }
        const cleaned = withoutBlanks(config);
        validate(row.type, cleaned);
        await run(ctx.db, `UPDATE channels SET name = ?, address = ?, schemes = ?, role = ?, config = ?, rate_limit_segments_per_s = ?, active = ?, updated_at = ? WHERE id = ?`, [
          input.name ?? row.name, input.address ?? row.address, input.schemes ? JSON.stringify(input.schemes) : row.schemes, input.role ?? row.role, JSON.stringify(cleaned),
          input.rateLimitSegmentsPerS ?? row.rate_limit_segments_per_s, input.active === undefined ? row.active : input.active ? 1 : 0, new Date().toISOString(), row.id,
        ]);
        invalidateChannels();
        runtimeOf(ctx).assets.invalidate(ctx.workspace.id);
        return presentChannel((await first<ChannelRow>(ctx.db, `SELECT ${COLUMNS} FROM channels WHERE id = ?`, [row.id]))!);
      }),
    ),
  traffic: viewerProcedure
    .input(z.object({ id: z.string().min(1), limit: z.number().int().min(1).max(200).default(50) }))
    .query(({ ctx, input }) =>
      withMessagingErrors(async () => {
        const row = await channelRow(ctx, input.id);
        const messages = await all<TrafficRow>(
          ctx.db,
          `SELECT m.uuid, m.direction, m.text, m.attachments, m.status, m.error, m.priority, m.attempts, m.segments, u.identity AS urn, m.created_at, m.sent_at
             FROM messages m LEFT JOIN contact_urns u ON u.id = m.contact_urn_id
            WHERE m.channel_id = ? AND m.workspace_id = ? ORDER BY m.created_at DESC, m.id DESC LIMIT ?`,
          [row.id, ctx.workspace.id, input.limit],
        );
        const counts = await all<{ status: string; n: number }>(
          ctx.db,
          `SELECT status, COUNT(*) AS n FROM messages WHERE channel_id = ? AND direction = 'out' AND created_at >= ? GROUP BY status ORDER BY status`,
          [row.id, new Date(Date.now() - 24 * 3600_000).toISOString()],
        );
        return {
          messages: messages.map((m) => ({
            uuid: m.uuid,
            direction: m.direction === 'in' ? ('in' as const) : ('out' as const),
            urn: m.urn,
            text: m.text,
            attachments: parseJsonField<string[]>(m.attachments, []),
            status: m.status,
            error: m.error,
            reply: Number(m.priority) > 0,
            attempts: Number(m.attempts),
            segments: Number(m.segments),
            createdAt: m.created_at,
            sentAt: m.sent_at,
          })),
          /** Outgoing messages of the last 24 hours by status. Example: `{ wired: 120, failed: 2 }`. */
          last24h: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])) as Record<string, number>,
        };
      }),
    ),
  registerWebhooks: adminProcedure
    .input(z.object({ id: z.string().min(1), baseUrl: z.string().url().max(500).regex(/^https?:\/\//, 'must be an http(s) URL') }))
    .mutation(({ ctx, input }) =>
      withMessagingErrors(async () => {
        const row = await channelRow(ctx, input.id);
        const type = channelTypeOf(row.type);
        if (!type?.registerWebhooks) throw new Error(`type: ${row.type} channels are set up in the provider's console; paste the webhook addresses there`);
        const channel = await channelById(ctx.db, row.id);
        if (!channel) throw new Error(`id: channel ${input.id} not found in this workspace`);
        const presented = presentChannel(row);
        const base = (presented.publicUrl ?? input.baseUrl).replace(/\/+$/, '');
        const urls = Object.fromEntries(presented.webhooks.map((w) => [w.action, `${base}${w.path}`]));
        return { message: await type.registerWebhooks(channel, urls), urls };
      }),
    ),
  sendTest: adminProcedure
    .input(z.object({ id: z.string().min(1), urn: z.string().trim().min(3).max(200), text: z.string().trim().min(1).max(1600) }))
    .mutation(({ ctx, input }) =>
      withMessagingErrors(async () => {
        const row = await channelRow(ctx, input.id);
        const channel = await channelById(ctx.db, row.id);
        if (!channel) throw new Error(`id: channel ${input.id} not found in this workspace`);
        const uuid = await queueTestMessage(runtimeOf(ctx), { channel, urn: input.urn, text: input.text });
        return { uuid };
      }),
    ),
});
