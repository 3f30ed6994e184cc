/**
 * goflow conformance runner: runs every case of a directory laid out as goflow's runner test data
 * (assets `X.json`, cases `X.<case>.json`, see /work/shared/rapidpro/README.md) through Kiunga's engine
 * and compares, after the start and after each resume: events, segments, session status and run
 * results, with generated UUIDs/timestamps compared by position (docs/conformance.md).
 *
 *   const report = await runConformanceDir('/work/shared/rapidpro/goflow-cases');
 *   report.lines  // ['PASS two_questions.test', 'FAIL x.test: outputs[1].events[2].msg.text: expected ...', ...]
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startSession, resumeSession } from '../../runtime/engine/index.js';
import type { Contact, Environment, Resume, SessionAssets, SessionState, SprintResult, Trigger } from '../../runtime/engine/api.js';
import { collectLiterals, firstDifference, Normalizer } from './normalize.js';
import { makeTestServices, type HttpMock } from './test-services.js';

export type CaseOutcome = { name: string; status: 'pass' } | { name: string; status: 'fail'; reason: string } | { name: string; status: 'skip'; reason: string };

interface GoflowCase {
  contact: Contact;
  environment?: Environment | null;
  trigger: Record<string, unknown>;
  resumes?: Record<string, unknown>[];
  http_mocks?: Record<string, HttpMock[]> | null;
  outputs: { events: unknown[]; segments: unknown[]; session: { status: string; runs: Record<string, unknown>[] } }[];
}

/** Action / wait / flow types that belong to out-of-scope features, and why. */
const OUT_OF_SCOPE: Record<string, string> = {
  say_msg: 'voice/IVR (say_msg)',
  play_audio: 'voice/IVR (play_audio)',
  say: 'voice/IVR (say)',
  play: 'voice/IVR (play)',
  dial: 'voice/IVR (dial wait)',
  transfer_airtime: 'airtime (transfer_airtime)',
  airtime: 'airtime',
  open_ticket: 'tickets (open_ticket)',
  call_llm: 'LLM calls (call_llm)',
};

/** The out-of-scope feature a set of flows uses, found in their content; null when all is in scope. */
export function outOfScopeFeature(assets: SessionAssets): string | null {
  for (const flow of assets.flows ?? []) {
    const f = flow as Record<string, unknown>;
    if (f.type === 'voice' || f.flow_type === 'V' || f.flow_type === 'voice') return `voice/IVR flow '${String(f.name ?? (f.metadata as { name?: string })?.name ?? '')}'`;
    let found: string | null = null;
    const visit = (v: unknown): void => {
      if (found) return;
      if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object') {
        const t = (v as { type?: unknown }).type;
        if (typeof t === 'string' && OUT_OF_SCOPE[t] && ('uuid' in v || 'action_uuid' in v || t === 'dial')) found = OUT_OF_SCOPE[t]!;
        Object.values(v).forEach(visit);
      }
    };
    visit(f.nodes ?? f.action_sets ?? []);
    if (!found) visit(f.rule_sets ?? []);
    if (found) return found;
  }
  return null;
}

function toTrigger(c: GoflowCase): Trigger {
  const t = c.trigger;
  const { event, ...rest } = t as { event?: { uuid?: string; created_on?: string; msg?: Record<string, unknown> } };
  const trigger: Trigger = { ...(rest as unknown as Trigger), contact: c.contact };
  if (c.environment) trigger.environment = c.environment;
  if (event?.msg) {
    trigger.msg = { ...(event.msg as unknown as Trigger['msg'] & object), uuid: event.uuid ?? (event.msg.uuid as string | undefined), created_on: event.created_on } as Trigger['msg'];
  }
  return trigger;
}

function toResume(r: Record<string, unknown>): Resume {
  const event = r.event as { uuid?: string; created_on?: string; msg?: Record<string, unknown> } | undefined;
  const base = { resumed_on: r.resumed_on as string | undefined, ...(r.contact ? { contact: r.contact as Contact } : {}) };
  switch (r.type) {
    case 'msg':
      return { type: 'msg', ...base, msg: { ...(event?.msg as object), uuid: event?.uuid, created_on: event?.created_on } as never };
    case 'wait_timeout':
    case 'wait_expiration':
    case 'run_expiration':
      return { type: r.type, ...base };
    default:
      throw new Error(`unsupported resume type '${String(r.type)}'`);
  }
}

/** What is compared of a session: its status and, per run, flow, status and results. */
function sessionShape(session: { status: string; runs: unknown[] }): unknown {
  return {
    status: session.status,
    runs: (session.runs as Record<string, unknown>[]).map((run) => ({
      flow: (run.flow as { uuid: string }).uuid,
      status: run.status,
      results: Object.fromEntries(
        Object.entries((run.results as Record<string, Record<string, unknown>>) ?? {}).map(([key, r]) => [
          key,
          { name: r.name, value: r.value, category: r.category ?? '', ...(r.category_localized ? { category_localized: r.category_localized } : {}) },
        ]),
      ),
    })),
  };
}

/**
 * goflow's runner test stores each session as pretty-printed JSON (4-space indent) before resuming it,
 * which re-indents the raw JSON text of result extras (visible through @legacy_extra). We store the
 * session the same way between steps so later sprints see the same text. Applies to every case alike.
 */
function roundTripLikeGoflowHarness(session: SessionState): SessionState {
  const copy = JSON.parse(JSON.stringify(session)) as SessionState;
  for (const run of copy.runs as { results?: Record<string, { extra?: unknown; extra_raw?: string }> }[]) {
    for (const result of Object.values(run.results ?? {})) {
      if (result.extra === undefined) continue;
      let raw: unknown = result.extra;
      if (result.extra_raw !== undefined) {
        try {
          raw = JSON.parse(result.extra_raw);
        } catch {
          continue;
        }
      }
      // results sit 5 levels deep in goflow's session JSON: session > runs > run > results > result
      result.extra_raw = JSON.stringify(raw, null, 4).replace(/\n/g, `\n${' '.repeat(20)}`);
    }
  }
  return copy;
}

export async function runCase(assetsFile: string, caseFile: string): Promise<CaseOutcome> {
  const name = path.basename(caseFile, '.json');
  const assets = JSON.parse(readFileSync(assetsFile, 'utf8')) as SessionAssets;
  const c = JSON.parse(readFileSync(caseFile, 'utf8')) as GoflowCase;
  const skip = outOfScopeFeature(assets);
  if (skip) return { name, status: 'skip', reason: `out of scope: ${skip}` };

  const services = makeTestServices(c.http_mocks);
  const literals = collectLiterals(assets, c.contact, c.environment, c.trigger, c.resumes, c.http_mocks);
  const expectedNorm = new Normalizer(literals);
  const actualNorm = new Normalizer(literals);
  const steps: { label: string; run: (prev: SessionState | null) => Promise<SprintResult> }[] = [
    {
      label: 'start',
      run: () => startSession({ assets, trigger: toTrigger(c), environment: c.environment ?? undefined, services, userAgent: 'goflow-testing' }),
    },
    ...(c.resumes ?? []).map((r, i) => ({
      label: `resume ${i + 1}`,
      run: (prev: SessionState | null) => resumeSession({ assets, session: prev!, resume: toResume(r), services, userAgent: 'goflow-testing' }),
    })),
  ];
  if (steps.length !== c.outputs.length) return { name, status: 'fail', reason: `case has ${c.outputs.length} outputs for ${steps.length} steps` };

  let session: SessionState | null = null;
  for (let i = 0; i < steps.length; i++) {
    const expected = c.outputs[i]!;
    let result: SprintResult;
    try {
      result = await steps[i]!.run(session);
    } catch (err) {
      return { name, status: 'fail', reason: `outputs[${i}] (${steps[i]!.label}): engine error: ${err instanceof Error ? err.message : String(err)}` };
    }
    session = roundTripLikeGoflowHarness(result.session);
    const exp = expectedNorm.normalize({ events: expected.events, segments: expected.segments, session: sessionShape(expected.session) });
    const act = actualNorm.normalize({ events: result.events, segments: result.segments, session: sessionShape(result.session) });
    const diff = firstDifference(exp, act, `outputs[${i}]`);
    if (diff) return { name, status: 'fail', reason: diff };
  }
  const unused = services.http.unused();
  if (unused.length > 0) return { name, status: 'fail', reason: `HTTP mocks never called: ${unused.join(', ')}` };
  return { name, status: 'pass' };
}

export interface ConformanceReport {
  outcomes: CaseOutcome[];
  lines: string[];
  passed: number;
  failed: number;
  skipped: number;
}

/** Finds assets/case pairs: every `X.json` with at least one `X.<case>.json` next to it. */
export function findCases(dir: string): { assets: string; cases: string[] }[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const out: { assets: string; cases: string[] }[] = [];
  for (const f of files) {
    const base = f.slice(0, -'.json'.length);
    if (base.includes('.')) continue;
    const cases = files.filter((g) => g.startsWith(`${base}.`) && g !== f && !g.slice(base.length + 1, -'.json'.length).includes('.'));
    if (cases.length > 0) out.push({ assets: path.join(dir, f), cases: cases.map((g) => path.join(dir, g)) });
  }
  return out;
}

export async function runConformanceDir(dir: string): Promise<ConformanceReport> {
  const outcomes: CaseOutcome[] = [];
  for (const { assets, cases } of findCases(dir)) {
    for (const caseFile of cases) {
      try {
        outcomes.push(await runCase(assets, caseFile));
      } catch (err) {
        outcomes.push({ name: path.basename(caseFile, '.json'), status: 'fail', reason: `could not run: ${err instanceof Error ? err.message : String(err)}` });
      }
    }
  }
  const lines = outcomes.map((o) => (o.status === 'pass' ? `PASS ${o.name}` : o.status === 'fail' ? `FAIL ${o.name}: ${o.reason}` : `SKIP ${o.name}: ${o.reason}`));
  const passed = outcomes.filter((o) => o.status === 'pass').length;
  const failed = outcomes.filter((o) => o.status === 'fail').length;
  const skipped = outcomes.filter((o) => o.status === 'skip').length;
  lines.push(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  return { outcomes, lines, passed, failed, skipped };
}
