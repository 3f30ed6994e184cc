/**
 * Engine benchmark (`npm run bench -- engine`): one JSON line per figure on stdout (/work/shared/BENCH.md).
 *
 *   resumes_per_s                 resumes/s (wall clock, one thread) of a 6-node survey (5 questions, 5 replies
 *                                 per contact), session JSON parsed and serialized around each resume as the
 *                                 server does (target ≥ 20000). Process CPU-time figures (which also count the
 *                                 GC's helper threads) and the load average are in `detail`: `cpu_runs` (resumes
 *                                 per CPU-second, each run), `cpu_median` and `cpu_us_per_resume` (median CPU µs
 *                                 per resume). On a busy machine wall time suffers first; CPU time shows the cost.
 *   rapidpro_imports_per_s        imports/s of the mHero registration RapidPro export (read, migrate, validate)
 *   waiting_session_bytes         serialized bytes of a survey session waiting for its last answer (target ≤ 2048)
 *
 * Each figure is the median of BENCH_REPEAT runs (default 5). BENCH_CONTACTS contacts per run (default 2000).
 */
import { readFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { startSession, resumeSession } from '../runtime/engine/index.js';
import type { Contact, SessionAssets, SessionState } from '../runtime/engine/api.js';
import type { Services } from '../runtime/services.js';
import { importRapidProExport } from '../runtime/rapidpro/index.js';
import { surveyFlow } from '../test/engine/flows.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 2000);
const MHERO = path.resolve(here, '../../shared/fhir/samples/rapidpro-flows/mhero-covid-registration_test.json');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function emit(name: string, value: number, unit: string, target: string | null, ok: boolean | null, detail: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ suite: 'engine', name, value, unit, ...(target ? { target, ok } : {}), detail })}\n`);
}

/** Cheap deterministic services: a counter clock and counter UUIDs (the server uses UUID v7). */
function benchServices(): Services {
  let t = Date.parse('2025-01-01T00:00:00Z');
  let n = 0;
  return {
    clock: { now: () => new Date((t += 7)) },
    ids: { uuid: () => `01940000-0000-7000-8000-${(n++).toString(16).padStart(12, '0')}` },
    random: { next: () => 0.5 },
  };
}

function contactFor(i: number): Contact {
  return { uuid: `5d76d86b-3bb9-4d5a-b822-${i.toString(16).padStart(12, '0')}`, name: `Nurse ${i}`, language: 'eng', status: 'active', urns: [`tel:+2507881${String(i).padStart(5, '0')}`], created_on: '2024-01-01T00:00:00.000Z' };
}

async function resumesPerSecond(): Promise<{ value: number; runs: number[]; wall: number[]; cpuMedian: number }> {
  const flow = surveyFlow(5);
  const assets: SessionAssets = { flows: [flow] };
  const environment = { allowed_languages: ['eng'], default_country: 'RW' };
  const services = benchServices();
  const replies = ['1', '2', '3', '4', '5'];
  // warm-up: JIT, flow loading and caches
  for (let i = 0; i < 200; i++) {
    let s = (await startSession({ assets, trigger: { type: 'manual', flow, contact: contactFor(i) }, environment, services })).session;
    for (const text of replies) s = (await resumeSession({ assets, session: s, resume: { type: 'msg', msg: { text } }, services })).session;
  }
  const runs: number[] = [];
  const wall: number[] = [];
  for (let r = 0; r < REPEAT; r++) {
    // start everyone first (stored as JSON, like the server), then time only the resumes
    const stored: string[] = [];
    for (let i = 0; i < CONTACTS; i++) {
      stored.push(JSON.stringify((await startSession({ assets, trigger: { type: 'manual', flow, contact: contactFor(i) }, environment, services })).session));
    }
    const started = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    for (const text of replies) {
      for (let i = 0; i < CONTACTS; i++) {
        const session = JSON.parse(stored[i]!) as SessionState;
        const result = await resumeSession({ assets, session, resume: { type: 'msg', msg: { text } }, services });
        stored[i] = JSON.stringify(result.session);
      }
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpuStart);
    runs.push((CONTACTS * replies.length) / ((cpu.user + cpu.system) / 1e6));
    wall.push((CONTACTS * replies.length) / seconds);
  }
  return { value: Math.round(median(wall)), runs: runs.map(Math.round), wall: wall.map(Math.round), cpuMedian: median(runs) };
}

function importsPerSecond(): { value: number; runs: number[]; flows: number } | null {
  if (!existsSync(MHERO)) return null;
  const text = readFileSync(MHERO, 'utf8');
  let flows = 0;
  for (let i = 0; i < 20; i++) flows = importRapidProExport(text).flows.length;
  const runs: number[] = [];
  for (let r = 0; r < REPEAT; r++) {
    const n = 300;
    const started = process.hrtime.bigint();
    for (let i = 0; i < n; i++) importRapidProExport(text);
    runs.push(n / (Number(process.hrtime.bigint() - started) / 1e9));
  }
  return { value: Math.round(median(runs)), runs: runs.map(Math.round), flows };
}

async function waitingSessionBytes(): Promise<number> {
  const flow = surveyFlow(5);
  const assets: SessionAssets = { flows: [flow] };
  const services = benchServices();
  let s = (await startSession({ assets, trigger: { type: 'manual', flow, contact: contactFor(1) }, environment: { allowed_languages: ['eng'], default_country: 'RW' }, services })).session;
  for (const text of ['1', '2', '3', '4']) s = (await resumeSession({ assets, session: s, resume: { type: 'msg', msg: { text } }, services })).session;
  if (s.status !== 'waiting') throw new Error(`survey session should be waiting, is ${s.status}`);
  return Buffer.byteLength(JSON.stringify(s));
}

export default async function main(_args: string[] = []): Promise<void> {
  process.stderr.write(`engine bench: ${CONTACTS} contacts x 5 replies, ${REPEAT} repeats\n`);
  const resumes = await resumesPerSecond();
  emit('resumes_per_s', resumes.value, 'per_s', '>=20000', resumes.value >= 20000, {
    cpu_runs: resumes.runs,
    cpu_median: Math.round(resumes.cpuMedian),
    cpu_us_per_resume: Number((1e6 / resumes.cpuMedian).toFixed(1)),
    wall_runs: resumes.wall,
    load_average: Number(os.loadavg()[0]!.toFixed(1)),
    contacts: CONTACTS,
    replies_per_contact: 5,
    nodes: 6,
  });
  const imports = importsPerSecond();
  if (imports) emit('rapidpro_imports_per_s', imports.value, 'per_s', null, null, { runs: imports.runs, file: path.basename(MHERO), flows: imports.flows });
  else process.stderr.write(`skipping rapidpro_imports_per_s: ${MHERO} not found\n`);
  const bytes = await waitingSessionBytes();
  emit('waiting_session_bytes', bytes, 'bytes', '<=2048', bytes <= 2048, { answers_given: 4, questions: 5 });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  });
}
