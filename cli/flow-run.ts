/**
 * `kiunga flow run FILE [--flow NAME] [--lang fra] [--script REPLIES]`: a terminal simulator. Starts the
 * flow for a simulated contact, prints what the contact would receive and what the flow records, and
 * takes replies from the keyboard (or from a file, one reply per line) until the session ends.
 * The reply `/timeout` makes the current wait time out, `/expire` makes it expire.
 *
 *   kiunga flow run registration.json --lang fra --script replies.txt
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { startSession, resumeSession } from '../runtime/engine/index.js';
import type { Contact, Environment, Resume, SessionState } from '../runtime/engine/api.js';
import type { Services } from '../runtime/services.js';
import { readFlowFile } from './flow-file.js';
import { describeEvent } from './transcript.js';

export interface FlowRunOptions {
  flow?: string;
  lang?: string;
  script?: string;
}

export interface FlowRunIO {
  write(text: string): void;
  /** Next typed reply, or null at end of input. Defaults to reading stdin. */
  readLine?: () => Promise<string | null>;
}

/** Real services for the simulator: wall clock, random UUIDs, real HTTP for webhooks. */
function simulatorServices(): Services {
  return {
    clock: { now: () => new Date() },
    ids: { uuid: () => randomUUID() },
    random: { next: () => Math.random() },
    http: {
      async fetch(request) {
        const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body, signal: AbortSignal.timeout(10_000) });
        const headers: Record<string, string> = {};
        response.headers.forEach((v, k) => (headers[k] = v));
        return { status: response.status, headers, body: await response.text() };
      },
    },
  };
}

function stdinLines(): () => Promise<string | null> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  const queue: string[] = [];
  let waiting: ((line: string | null) => void) | null = null;
  let closed = false;
  rl.on('line', (line) => (waiting ? (waiting(line), (waiting = null)) : queue.push(line)));
  rl.on('close', () => {
    closed = true;
    if (waiting) waiting(null);
  });
  return () => {
    if (queue.length) return Promise.resolve(queue.shift()!);
    if (closed) return Promise.resolve(null);
    if (process.stdin.isTTY) process.stdout.write('you> ');
    return new Promise((resolve) => (waiting = resolve));
  };
}

export async function runFlowFile(file: string, opts: FlowRunOptions, io: FlowRunIO): Promise<number> {
  const { assets, flows } = readFlowFile(file);
  const chosen = opts.flow ? flows.find((f) => f.uuid === opts.flow || f.name.toLowerCase() === opts.flow!.toLowerCase()) : flows[0];
  if (!chosen) {
    io.write(`no flow ${opts.flow ? `named '${opts.flow}'` : ''} in ${file}; flows: ${flows.map((f) => `'${f.name}'`).join(', ')}\n`);
    return 1;
  }
  const raw = assets.flows[flows.indexOf(chosen)] as { language?: string; localization?: Record<string, unknown>; base_language?: string };
  const languages = [raw.language ?? raw.base_language ?? 'eng', ...Object.keys(raw.localization ?? {})];
  if (opts.lang && !languages.includes(opts.lang)) languages.push(opts.lang);
  // RapidPro's workspace defaults: day-first dates
  const environment: Environment = { allowed_languages: [...new Set(languages)], timezone: 'UTC', date_format: 'DD-MM-YYYY' };
  const contact: Contact = {
    uuid: randomUUID(),
    name: 'Simulator',
    ...(opts.lang ? { language: opts.lang } : {}),
    status: 'active',
    urns: ['tel:+12065550100'],
    created_on: new Date().toISOString(),
  };
  const replies = opts.script ? readFileSync(opts.script, 'utf8').split(/\r?\n/).filter((l, i, all) => l !== '' || i < all.length - 1) : null;
  const nextReply = replies ? async () => (replies.length ? replies.shift()! : null) : (io.readLine ?? stdinLines());
  const services = simulatorServices();

  const print = (events: { type: string }[]) => {
    for (const e of events) for (const line of describeEvent(e as never)) io.write(`${line}\n`);
  };
  let result = await startSession({ assets, trigger: { type: 'manual', flow: chosen, contact, triggered_on: new Date().toISOString() }, environment, services });
  print(result.events);
  let session: SessionState = result.session;
  while (session.status === 'waiting') {
    const reply = await nextReply();
    if (reply === null) {
      io.write(`(no more replies: the session is still waiting)\n`);
      return 0;
    }
    if (replies || (!io.readLine && !process.stdin.isTTY)) io.write(`you> ${reply}\n`);
    const resume: Resume =
      reply.trim() === '/timeout'
        ? { type: 'wait_timeout', resumed_on: new Date().toISOString() }
        : reply.trim() === '/expire'
          ? { type: 'wait_expiration', resumed_on: new Date().toISOString() }
          : { type: 'msg', msg: { text: reply, urn: contact.urns![0] }, resumed_on: new Date().toISOString() };
    try {
      result = await resumeSession({ assets, session, resume, services });
    } catch (err) {
      io.write(`  ! ${err instanceof Error ? err.message : String(err)}\n`);
      continue;
    }
    print(result.events);
    session = result.session;
  }
  io.write(`— session ${session.status} —\n`);
  return session.status === 'failed' ? 1 : 0;
}
