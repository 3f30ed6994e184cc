/**
 * Small builders for engine tests: one-question flows, contacts, deterministic services, and a
 * driver that starts a session and answers its waits with scripted replies.
 *
 *   const { events, session } = await runScript(assets, flowRef, contact, ['yes', '42']);
 */
import { startSession, resumeSession } from '../../runtime/engine/index.js';
import type { Contact, Environment, SessionAssets, SessionState, SprintResult } from '../../runtime/engine/api.js';
import type { FlowEvent } from '../../runtime/events/types.js';
import { makeTestServices } from '../conformance/test-services.js';

let counter = 0;
/** Deterministic UUIDs for test flows (valid 8-4-4-4-12 hex). */
export function uid(): string {
  counter++;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
}

export function contact(overrides: Partial<Contact> = {}): Contact {
  return {
    uuid: '5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f',
    name: 'Amina Njeri',
    language: 'eng',
    status: 'active',
    urns: ['tel:+250788123123'],
    created_on: '2024-01-01T00:00:00.000000Z',
    ...overrides,
  };
}

export interface RunOutput {
  steps: SprintResult[];
  events: FlowEvent[];
  session: SessionState;
}

/** Starts the flow and answers each wait with the next reply; stops when replies run out or the session ends. */
export async function runScript(
  assets: SessionAssets,
  flow: { uuid: string; name: string },
  who: Contact,
  replies: string[],
  environment: Environment = { allowed_languages: ['eng'], default_country: 'RW', date_format: 'DD-MM-YYYY' },
): Promise<RunOutput> {
  const services = makeTestServices();
  const steps: SprintResult[] = [];
  let result = await startSession({ assets, trigger: { type: 'manual', flow, contact: who, triggered_on: '2024-01-01T00:00:00Z' }, environment, services });
  steps.push(result);
  for (const text of replies) {
    if (result.session.status !== 'waiting') break;
    result = await resumeSession({ assets, session: result.session, resume: { type: 'msg', msg: { text, urn: who.urns?.[0] } }, services });
    steps.push(result);
  }
  return { steps, events: steps.flatMap((s) => s.events), session: result.session };
}

export function texts(events: FlowEvent[]): string[] {
  return events.filter((e) => e.type === 'msg_created').map((e) => (e.msg as { text: string }).text);
}
