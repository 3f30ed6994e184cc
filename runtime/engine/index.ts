/**
 * The engine: pure functions from (assets, session, input) to (new session, events, segments).
 * See ./api.ts for the shapes. All side effects go through `services`.
 *
 *   const { session, events } = await startSession({ assets, trigger, environment, services });
 *   const next = await resumeSession({ assets, session, resume: { type: 'msg', msg: { text: 'yes' } }, services });
 */
import type { ResumeOptions, SessionState, SprintResult, StartOptions } from './api.js';
import { indexAssets } from './assets.js';
import { Sprint, type StoredInput } from './sprint.js';

export { MAX_STEPS_PER_SPRINT } from './sprint.js';
export type * from './api.js';

/** Deep copy of plain JSON data (faster than a JSON round trip for session-sized objects). */
function clone<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(clone) as T;
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = clone(v);
  }
  return out as T;
}

/**
 * The session copy a resume works on (the caller's session is never modified). Deep, except for what
 * the engine never modifies in place: path steps and saved results are only ever appended or replaced
 * whole, so the new session shares those objects with the old one. Saves most of the copying.
 */
function copyForResume(session: SessionState): SessionState {
  if (!Array.isArray(session.runs)) return clone(session);
  const copy = clone({ ...session, runs: [] as unknown[] });
  copy.runs = session.runs.map((run) => (run !== null && typeof run === 'object' ? copyRun(run as Record<string, unknown>) : run));
  return copy;
}

function copyRun(run: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in run) {
    const v = run[key];
    if (v === undefined) continue;
    if (key === 'path' && Array.isArray(v)) out[key] = v.slice();
    else if (key === 'results' && v !== null && typeof v === 'object') {
      const results: Record<string, unknown> = {};
      for (const k in v) {
        const r = (v as Record<string, unknown>)[k];
        if (r !== undefined) results[k] = r;
      }
      out[key] = results;
    } else out[key] = clone(v);
  }
  return out;
}

export async function startSession(options: StartOptions): Promise<SprintResult> {
  const { assets, trigger, services } = options;
  const index = indexAssets(assets);
  const loaded = index.flow(trigger.flow.uuid);
  if (!loaded) throw new Error(`can't start session: flow '${trigger.flow.name}' (${trigger.flow.uuid}) is not in the assets`);
  if (!trigger.contact) throw new Error("can't start session: the trigger has no contact");
  const environment = options.environment ?? trigger.environment;
  const { contact: _contact, environment: _env, ...storedTrigger } = trigger;
  const session: SessionState = {
    uuid: services.ids.uuid(),
    type: loaded.flow.type,
    status: 'active',
    contact: clone(trigger.contact),
    ...(environment ? { environment: clone(environment) } : {}),
    // only a reference to the flow: sessions never carry definitions
    trigger: { ...clone(storedTrigger), flow: { uuid: loaded.flow.uuid, name: loaded.flow.name } },
    runs: [],
    wait: null,
  };
  if (trigger.msg) {
    const input: StoredInput = { type: 'msg', ...clone(trigger.msg), created_on: (trigger.msg as { created_on?: string }).created_on ?? trigger.triggered_on };
    session.input = input;
    if (input.created_on) session.contact.last_seen_on = input.created_on;
  }
  const sprint = new Sprint(session, index, services, { userAgent: options.userAgent });
  // smart groups are brought up to date before anything runs, as goflow does
  sprint.contactChanged();
  await sprint.startFlow(loaded.flow, null, false);
  settleStatus(session);
  return sprint.finish();
}

export async function resumeSession(options: ResumeOptions): Promise<SprintResult> {
  const { assets, resume, services } = options;
  const session = copyForResume(options.session);
  if (resume.contact) session.contact = clone(resume.contact);
  if (resume.environment) session.environment = clone(resume.environment);
  const sprint = new Sprint(session, indexAssets(assets), services, { userAgent: options.userAgent });
  await sprint.resume(resume);
  settleStatus(session);
  return sprint.finish();
}

/** Session status from its runs once a sprint is over. */
function settleStatus(session: SessionState): void {
  if (session.status === 'failed' || session.status === 'waiting') return;
  const runs = session.runs as { status: string }[];
  if (runs.some((r) => r.status === 'waiting')) session.status = 'waiting';
  else if (runs.some((r) => r.status === 'failed')) session.status = 'failed';
  else session.status = 'completed';
  if (session.status !== 'waiting') session.wait = null;
}
