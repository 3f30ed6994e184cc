import { describe, expect, it } from 'vitest';
import { resumeSession, startSession } from '../../runtime/engine/index.js';
import type { SessionAssets, SessionState } from '../../runtime/engine/api.js';
import { makeTestServices } from '../conformance/test-services.js';
import { contact } from './helpers.js';
import { surveyFlow } from './flows.js';

/** resumeSession works on its own copy of the session (it shares only objects it never modifies). */
describe('resumeSession leaves the session it was given alone', () => {
  const flow = surveyFlow(3);
  const assets: SessionAssets = { flows: [flow] };
  const environment = { allowed_languages: ['eng'], default_country: 'RW' };

  async function waitingAfter(replies: string[]): Promise<SessionState> {
    const services = makeTestServices();
    let s = (await startSession({ assets, trigger: { type: 'manual', flow, contact: contact() }, environment, services })).session;
    for (const text of replies) s = (await resumeSession({ assets, session: s, resume: { type: 'msg', msg: { text } }, services })).session;
    return s;
  }

  it('does not modify the input session, its runs, path or results', async () => {
    const session = await waitingAfter(['1']);
    const before = JSON.stringify(session);
    const next = await resumeSession({ assets, session, resume: { type: 'msg', msg: { text: '2' } }, services: makeTestServices() });
    expect(JSON.stringify(session)).toBe(before);
    expect(next.session.runs[0]).not.toBe(session.runs[0]);
    const [run, nextRun] = [session.runs[0] as { path: unknown[]; results: Record<string, unknown> }, next.session.runs[0] as { path: unknown[]; results: Record<string, unknown> }];
    expect(nextRun.path).not.toBe(run.path);
    expect(nextRun.results).not.toBe(run.results);
    expect(nextRun.path.length).toBe(run.path.length + 1);
    expect(Object.keys(nextRun.results)).toEqual(['q1', 'q2']);
    expect(Object.keys(run.results)).toEqual(['q1']);
  });

  it('resuming the same stored session twice gives the same outcome', async () => {
    const session = await waitingAfter(['1', '2']);
    const a = await resumeSession({ assets, session, resume: { type: 'msg', msg: { text: '3' } }, services: makeTestServices() });
    const b = await resumeSession({ assets, session, resume: { type: 'msg', msg: { text: '9' } }, services: makeTestServices() });
    const c = await resumeSession({ assets, session, resume: { type: 'msg', msg: { text: '3' } }, services: makeTestServices() });
    expect(JSON.stringify(c)).toBe(JSON.stringify(a));
    expect((b.session.runs[0] as { results: Record<string, { category: string }> }).results.q3!.category).toBe('Other');
    expect((a.session.runs[0] as { results: Record<string, { category: string }> }).results.q3!.category).toBe('Valid');
  });
});
