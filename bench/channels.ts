/**
 * Channels benchmark (`npm run bench -- channels [--messages=N] [--rate=R]`): one JSON line per figure on
 * stdout (see /work/shared/BENCH.md); progress on stderr.
 *
 * The platform as it runs: an Africa's Talking channel (the real adapter, over HTTP to the loopback
 * emulator) limited to R SMS segments per second, a broadcast to N contacts made through the API and
 * written by the bulk loop, the outbox sender, and, during the bulk, contacts texting a keyword to the
 * channel's webhook: each inbound starts a flow whose question is a reply (priority 1).
 *
 *   channel_rate_vs_limit   segments/s the channel actually sent (bulk + replies) between its first and last
 *                           send, the first full bucket (one second of budget) not counted (ratio to the
 *                           limit, target 0.95–1.05)
 *   reply_latency_p95_ms    webhook received → reply accepted by the provider, 95th percentile, while the
 *                           bulk backlog is minutes long (ms, target ≤ 1000: replies go before the bulk)
 *
 * Environment or flags: BENCH_MESSAGES / --messages (default 2000; 200 for a ~20 s run), BENCH_RATE / --rate
 * (default 10), BENCH_REPLIES / --replies (default 20).
 *
 * Example: `npm run bench -- channels --messages=200` → `{"suite":"channels","name":"channel_rate_vs_limit","value":0.998,…}`
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { openDatabase } from '../server/db/open.js';
import { appRouter } from '../server/api/router.js';
import { createApiContext, type ServerServices } from '../server/api/context.js';
import type { RequestAuth } from '../server/auth/request-auth.js';
import { FlowEvents } from '../server/flows/flow-events.js';
import { WebhookRegistry } from '../server/http/webhooks.js';
import { startWorkers } from '../server/messaging/start-workers.js';
import { all, first, run } from '../server/messaging/sql.js';
import { bucketCapacity } from '../server/channels/rate-limit/segment-bucket.js';
import { webhookPath } from '../server/channels/common/webhook.js';
import { serveOnLoopback } from '../server/dev/emulators/emulator-server.js';
import { startAfricasTalkingEmulator } from '../server/dev/emulators/africastalking.js';
import { twoQuestionFlow } from '../test/messaging/flows.js';
import { phoneOf, seedContacts, seedFlow, seedGroup, seedTrigger, seedWorkspace } from '../test/messaging/seed.js';

function option(args: string[], name: string, env: string, fallback: number): number {
  const flag = args.find((a) => a.startsWith(`--${name}=`));
  const raw = flag ? flag.slice(name.length + 3) : process.env[env];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} / ${env} must be a positive number, got "${raw}"`);
  return value;
}

function log(text: string): void {
  process.stderr.write(`[channels] ${text}\n`);
}

function emit(figure: { name: string; value: number; unit: string; target: string; ok: boolean; detail: Record<string, unknown> }): void {
  process.stdout.write(`${JSON.stringify({ suite: 'channels', ...figure })}\n`);
}

function round(n: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export default async function main(args: string[]): Promise<void> {
  const messages = Math.round(option(args, 'messages', 'BENCH_MESSAGES', 2000));
  const rate = option(args, 'rate', 'BENCH_RATE', 10);
  const replies = Math.round(option(args, 'replies', 'BENCH_REPLIES', 20));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiunga-bench-channels-'));
  const db = await openDatabase({ file: path.join(dir, 'kiunga.sqlite') });
  const at = await startAfricasTalkingEmulator({ username: 'moh', apiKey: 'bench-key-123' });
  const registry = new WebhookRegistry();
  const http = await serveOnLoopback(async (req) => {
    const match = registry.match(req.url.pathname);
    if (!match) return { status: 404 };
    return match.handler({ method: req.method, path: req.url.pathname, subPath: req.url.pathname.slice(match.prefix.length), query: req.url.searchParams, headers: req.headers, body: req.body, ip: '127.0.0.1' });
  });
  let workers: Awaited<ReturnType<typeof startWorkers>> | null = null;
  try {
    // Seed: workspace, channel, bulk recipients, repliers and the keyword flow.
    const workspaceId = await seedWorkspace(db);
    const channelId = uuidv7();
    const channelUuid = uuidv7();
    const now = new Date().toISOString();
    await run(db, `INSERT INTO channels (id, workspace_id, uuid, name, type, address, schemes, config, role, rate_limit_segments_per_s, active, created_at, updated_at)
      VALUES (?, ?, ?, 'AT bench', 'africastalking', '20880', '["tel"]', ?, 'send,receive', ?, 1, ?, ?)`,
    [channelId, workspaceId, channelUuid, JSON.stringify({ username: 'moh', api_key: 'bench-key-123', send_url: at.sendUrl, timeout_ms: 5000 }), rate, now, now]);
    const { groupId, groupUuid } = await seedGroup(db, workspaceId, 'Bulk');
    await seedContacts(db, workspaceId, messages, { groupId });
    const replierStart = 1_000_000;
    await seedContacts(db, workspaceId, replies, { start: replierStart });
    const flowId = await seedFlow(db, workspaceId, twoQuestionFlow({ initialWait: true }));
    await seedTrigger(db, workspaceId, 'jiunge', flowId);
    log(`seeded ${messages} bulk recipients, ${replies} repliers; channel limit ${rate} segments/s`);

    workers = startWorkers({ db, webhooks: registry, config: { publicUrl: http.url, dataDir: dir }, sender: { pollMs: 50 }, bulkBatchSize: 500 });
    // Provider types are mounted asynchronously: wait for the webhook route.
    const receiveUrl = `${http.url}${webhookPath('africastalking', channelUuid, 'receive')}`;
    for (let i = 0; i < 100 && !registry.match(webhookPath('africastalking', channelUuid, 'receive')); i++) await new Promise((r) => setTimeout(r, 20));

    const workspace = await db.selectFrom('workspaces').selectAll().where('id', '=', workspaceId).executeTakeFirstOrThrow();
    const auth: RequestAuth = { kind: 'api_token', user: null, workspace, role: 'editor', loginSessionId: null, apiTokenId: 'bench' };
    const api = appRouter.createCaller(createApiContext({ db, services: { flowEvents: new FlowEvents() } as unknown as ServerServices, auth }));
    const text = 'Kumbusho: siku ya chanjo ni Jumatatu. Leta kadi ya mtoto.'; // one GSM-7 segment
    const t0 = Date.now();
    const { id: broadcastId } = await api.messaging.broadcasts.create({ text, targets: { groups: [groupUuid] } });
    log(`broadcast ${broadcastId} created; expected duration ≈ ${round(messages / rate, 0)} s`);

    // Replies: contacts text the keyword at even intervals while the bulk drains.
    const expectedMs = (messages / rate) * 1000;
    const inboundAt = new Map<string, number>();
    for (let i = 0; i < replies; i++) {
      const due = t0 + ((i + 1) * expectedMs) / (replies + 1);
      await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
      const phone = phoneOf(replierStart + i);
      inboundAt.set(`tel:${phone}`, Date.now());
      const answer = await at.sendInbound(receiveUrl, { from: phone, text: 'jiunge', id: `ATin_${i}` });
      if (answer.status >= 300) throw new Error(`inbound webhook answered ${answer.status}`);
    }

    // Wait for the bulk to drain.
    const deadline = Date.now() + expectedMs * 2 + 60_000;
    for (;;) {
      const left = await first<{ n: number }>(db, `SELECT COUNT(*) AS n FROM messages WHERE direction = 'out' AND status IN ('queued', 'errored', 'sending')`);
      const sentBulk = await first<{ n: number }>(db, `SELECT COUNT(*) AS n FROM messages WHERE broadcast_id = ? AND status = 'wired'`, [broadcastId]);
      if (Number(sentBulk?.n) === messages && Number(left?.n) === 0) break;
      if (Date.now() > deadline) throw new Error(`timed out: ${sentBulk?.n} of ${messages} bulk messages sent`);
      await new Promise((r) => setTimeout(r, 500));
    }

    const sent = await all<{ sent_at: string; segments: number; priority: number; urn: string; broadcast_id: string | null }>(db,
      `SELECT m.sent_at, m.segments, m.priority, u.identity AS urn, m.broadcast_id FROM messages m JOIN contact_urns u ON u.id = m.contact_urn_id WHERE m.direction = 'out' AND m.status = 'wired' ORDER BY m.sent_at`);
    const times = sent.map((m) => Date.parse(m.sent_at));
    const segments = sent.reduce((s, m) => s + Math.max(1, Number(m.segments)), 0);
    const spanS = (times.at(-1)! - times[0]!) / 1000;
    const burst = bucketCapacity(rate);
    const channelRate = (segments - burst) / spanS;
    const bulkOnly = sent.filter((m) => m.broadcast_id);
    const ratio = channelRate / rate;
    emit({
      name: 'channel_rate_vs_limit', value: round(ratio), unit: 'ratio', target: '0.95-1.05', ok: ratio >= 0.95 && ratio <= 1.05,
      detail: { limit_segments_per_s: rate, measured_segments_per_s: round(channelRate), raw_segments_per_s: round(segments / spanS), span_s: round(spanS, 1), segments, bulk_messages: bulkOnly.length, replies: sent.length - bulkOnly.length, initial_burst_segments: burst },
    });

    const latencies: number[] = [];
    let overtaken = 0;
    for (const m of sent.filter((s) => s.priority > 0)) {
      const asked = inboundAt.get(m.urn);
      if (asked === undefined) continue;
      const at = Date.parse(m.sent_at);
      latencies.push(at - asked);
      // Bulk messages queued before the reply but sent after it: the reply overtook them.
      overtaken += bulkOnly.filter((b) => Date.parse(b.sent_at) > at).length > 0 ? 1 : 0;
    }
    if (latencies.length !== replies) throw new Error(`${latencies.length} of ${replies} replies were sent`);
    const p95 = percentile(latencies, 95);
    emit({
      name: 'reply_latency_p95_ms', value: Math.round(p95), unit: 'ms', target: '<=1000', ok: p95 <= 1000,
      detail: { replies, median_ms: Math.round(percentile(latencies, 50)), max_ms: Math.round(Math.max(...latencies)), replies_that_overtook_queued_bulk: overtaken, bulk_backlog_s_at_start: round(messages / rate, 0) },
    });
  } finally {
    await workers?.stop();
    await http.close();
    await at.close();
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
