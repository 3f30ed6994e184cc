/**
 * Engine behaviour beyond goflow's cases: localization, waits with timeouts, expirations, runaway
 * protection, unknown actions, determinism, session size, resume errors.
 */
import { describe, expect, it } from 'vitest';
import { startSession, resumeSession, MAX_STEPS_PER_SPRINT } from '../../runtime/engine/index.js';
import type { SessionAssets } from '../../runtime/engine/api.js';
import { makeTestServices } from '../conformance/test-services.js';
import { contact, runScript, texts, uid } from './helpers.js';
import { questionFlow, surveyFlow } from './flows.js';

const ENV_FR = { allowed_languages: ['eng', 'fra'], default_country: 'RW' };

function localizedQuestion() {
  const q = questionFlow({ question: 'Do you agree?', quickReplies: ['Yes', 'No'], cases: [['has_any_word', ['yes'], 'Yes'], ['has_any_word', ['no'], 'No']] });
  const [yes, no] = q.ids.categories;
  q.flow.localization = {
    fra: {
      [q.ids.sendUuid]: { text: ["Êtes-vous d'accord ?"], quick_replies: ['Oui', 'Non'] },
      [q.ids.cases[0]!.uuid]: { arguments: ['oui'] },
      [q.ids.cases[1]!.uuid]: { arguments: ['non'] },
      [yes!.uuid]: { name: ['Oui'] },
      [no!.uuid]: { name: ['Non'] },
    },
  };
  return q;
}

describe('localization', () => {
  it("sends the contact's language: text, quick replies, locale; matches translated case arguments; localizes categories", async () => {
    const q = localizedQuestion();
    const out = await runScript({ flows: [q.flow] }, q.flow, contact({ language: 'fra' }), ['oui'], ENV_FR);
    const first = out.steps[0]!.events.find((e) => e.type === 'msg_created')!.msg as { text: string; quick_replies: { text: string }[]; locale: string };
    expect(first.text).toBe("Êtes-vous d'accord ?");
    expect(first.quick_replies.map((r) => r.text)).toEqual(['Oui', 'Non']);
    expect(first.locale).toBe('fra-RW');
    const result = (out.session.runs[0] as { results: Record<string, { category: string; category_localized?: string; value: string }> }).results.answer!;
    expect(result).toMatchObject({ category: 'Yes', category_localized: 'Oui', value: 'oui' });
    expect(texts(out.events).at(-1)).toBe('Got Oui (Yes)');
  });

  it('falls back to the flow language when the contact language is not allowed in the workspace', async () => {
    const q = localizedQuestion();
    const out = await runScript({ flows: [q.flow] }, q.flow, contact({ language: 'fra' }), ['yes'], { allowed_languages: ['eng'], default_country: 'RW' });
    expect(texts(out.events)[0]).toBe('Do you agree?');
    expect((out.steps[0]!.events.find((e) => e.type === 'msg_created')!.msg as { locale: string }).locale).toBe('eng-RW');
    expect(texts(out.events).at(-1)).toBe('Got Yes (Yes)');
  });
});

describe('waits', () => {
  it('reports the timeout in msg_wait and the session, and routes a wait_timeout resume to the timeout category', async () => {
    const q = questionFlow({ question: 'Still there?', cases: [['has_text', [], 'Answered']], timeoutSeconds: 300 });
    const services = makeTestServices();
    const assets: SessionAssets = { flows: [q.flow] };
    const started = await startSession({ assets, trigger: { type: 'manual', flow: q.flow, contact: contact() }, services });
    const wait = started.events.find((e) => e.type === 'msg_wait')!;
    expect(wait.timeout_seconds).toBe(300);
    expect(started.session.status).toBe('waiting');
    expect(started.session.wait?.timeout_seconds).toBe(300);
    expect(Date.parse(started.session.wait!.timeout_on!) - Date.parse(wait.created_on)).toBeGreaterThan(0);
    const resumed = await resumeSession({ assets, session: started.session, resume: { type: 'wait_timeout' }, services });
    expect(texts(resumed.events)).toEqual(['Got No Response (No Response)']);
    expect(resumed.session.status).toBe('completed');
  });

  it('ends every run as expired on run_expiration', async () => {
    const q = questionFlow({ question: 'Hello?', cases: [] });
    const services = makeTestServices();
    const assets: SessionAssets = { flows: [q.flow] };
    const started = await startSession({ assets, trigger: { type: 'manual', flow: q.flow, contact: contact() }, services });
    const resumed = await resumeSession({ assets, session: started.session, resume: { type: 'run_expiration' }, services });
    expect(resumed.events.map((e) => [e.type, e.status])).toEqual([['run_ended', 'expired']]);
    expect(resumed.session.status).toBe('completed');
  });

  it('refuses to resume a session that is not waiting, saying why', async () => {
    const q = questionFlow({ question: 'Hello?', cases: [] });
    const out = await runScript({ flows: [q.flow] }, q.flow, contact(), ['hi']);
    await expect(resumeSession({ assets: { flows: [q.flow] }, session: out.session, resume: { type: 'msg', msg: { text: 'again' } }, services: makeTestServices() })).rejects.toThrow(
      /can't be resumed: its status is 'completed'/,
    );
  });
});

describe('runaway protection', () => {
  it(`fails the session after ${MAX_STEPS_PER_SPRINT} node visits in one sprint`, async () => {
    const node = uid();
    const flow = {
      uuid: uid(), name: 'Loop', spec_version: '14.4.2', language: 'eng', type: 'messaging', localization: {},
      nodes: [{ uuid: node, actions: [{ uuid: uid(), type: 'send_msg', text: 'again' }], exits: [{ uuid: uid(), destination_uuid: node }] }],
    };
    const out = await runScript({ flows: [flow] }, flow, contact(), []);
    expect(texts(out.events)).toHaveLength(MAX_STEPS_PER_SPRINT);
    expect(out.steps[0]!.segments).toHaveLength(MAX_STEPS_PER_SPRINT);
    expect(out.events.find((e) => e.type === 'failure')?.text).toBe(`Reached maximum number of steps per sprint (${MAX_STEPS_PER_SPRINT})`);
    expect(out.session.status).toBe('failed');
  });
});

describe('actions', () => {
  it('keeps an unknown action type and logs a clear error event when it is reached', async () => {
    const flow = {
      uuid: uid(), name: 'Ext', spec_version: '14.4.2', language: 'eng', type: 'messaging', localization: {},
      nodes: [{ uuid: uid(), actions: [{ uuid: uid(), type: 'x_custom_thing', foo: 1 }, { uuid: uid(), type: 'send_msg', text: 'after' }], exits: [{ uuid: uid(), destination_uuid: null }] }],
    };
    const out = await runScript({ flows: [flow] }, flow, contact(), []);
    const error = out.events.find((e) => e.type === 'error')!;
    expect(error.text).toMatch(/Unknown action type 'x_custom_thing'/);
    expect(texts(out.events)).toEqual(['after']);
  });

  it('sub-flows see @parent and the parent sees @child results', async () => {
    const child = questionFlow({ name: 'Child', question: 'Hi @parent.contact.first_name, your age?', cases: [['has_number', [], 'Number']], resultName: 'Age' });
    const enter = uid();
    const after = uid();
    const parent = {
      uuid: uid(), name: 'Parent', spec_version: '14.4.2', language: 'eng', type: 'messaging', localization: {},
      nodes: [
        { uuid: enter, actions: [{ uuid: uid(), type: 'enter_flow', flow: { uuid: child.flow.uuid, name: 'Child' } }], exits: [{ uuid: uid(), destination_uuid: after }] },
        { uuid: after, actions: [{ uuid: uid(), type: 'send_msg', text: 'Child said @child.results.age.value' }], exits: [{ uuid: uid(), destination_uuid: null }] },
      ],
    };
    const out = await runScript({ flows: [parent, child.flow] }, parent, contact(), ['42']);
    expect(texts(out.events)).toEqual(['Hi Amina, your age?', 'Got Number (Number)', 'Child said 42']);
    expect(out.session.status).toBe('completed');
  });
});

describe('determinism and size', () => {
  it('gives identical output for identical input and services', async () => {
    const flow = surveyFlow(5);
    const a = await runScript({ flows: [flow] }, flow, contact(), ['1', '2', '3', '4', '5']);
    const b = await runScript({ flows: [flow] }, flow, contact(), ['1', '2', '3', '4', '5']);
    expect(JSON.stringify(a.steps)).toBe(JSON.stringify(b.steps));
    expect(a.session.status).toBe('completed');
    expect(texts(a.events).at(-1)).toBe('Thanks Amina!');
  });

  it('keeps a waiting survey session under 2 KB of JSON', async () => {
    const flow = surveyFlow(5);
    const out = await runScript({ flows: [flow] }, flow, contact(), ['1', '2', '3', '4']);
    expect(out.session.status).toBe('waiting');
    const size = Buffer.byteLength(JSON.stringify(out.session));
    expect(size).toBeLessThanOrEqual(2048);
    expect(JSON.stringify(out.session)).not.toContain('"nodes"');
  });
});

describe('call_classifier', () => {
  it('saves the top intent through services.classifier, and Failure when the classifier fails', async () => {
    const classifier = { uuid: '1c06c884-39dd-4ce4-ad9f-9a01cbe6c000', name: 'Booking', intents: ['book_flight', 'book_hotel'] };
    const flow = {
      uuid: uid(), name: 'NLU', spec_version: '14.4.2', language: 'eng', type: 'messaging', localization: {},
      nodes: [{ uuid: uid(), actions: [{ uuid: uid(), type: 'call_classifier', classifier: { uuid: classifier.uuid, name: 'Booking' }, input: 'I want a room', result_name: 'Intent' }, { uuid: uid(), type: 'send_msg', text: 'Intent: @results.intent (@results.intent.category)' }], exits: [{ uuid: uid(), destination_uuid: null }] }],
    };
    const assets: SessionAssets = { flows: [flow], classifiers: [classifier] };
    const calls: string[] = [];
    const services = {
      ...makeTestServices(),
      classifier: {
        async classify(uuid: string, text: string) {
          calls.push(`${uuid}:${text}`);
          return { intents: [{ name: 'book_flight', confidence: 0.2 }, { name: 'book_hotel', confidence: 0.9 }], entities: {} };
        },
      },
    };
    const ok = await startSession({ assets, trigger: { type: 'manual', flow, contact: contact() }, services });
    expect(calls).toEqual([`${classifier.uuid}:I want a room`]);
    expect((ok.events.find((e) => e.type === 'msg_created')!.msg as { text: string }).text).toBe('Intent: book_hotel (Success)');

    const failing = { ...services, classifier: { classify: async () => Promise.reject(new Error('service down')) } };
    const ko = await startSession({ assets, trigger: { type: 'manual', flow, contact: contact() }, services: failing });
    expect(ko.events.find((e) => e.type === 'error')?.text).toBe("Classifier 'Booking' failed: service down");
    expect((ko.events.find((e) => e.type === 'msg_created')!.msg as { text: string }).text).toBe('Intent: 0 (Failure)');
  });
});

describe('send_msg all_urns', () => {
  it('sends one message per URN a channel can reach', async () => {
    const flow = {
      uuid: uid(), name: 'All', spec_version: '14.4.2', language: 'eng', type: 'messaging', localization: {},
      nodes: [{ uuid: uid(), actions: [{ uuid: uid(), type: 'send_msg', text: 'Hi', all_urns: true }], exits: [{ uuid: uid(), destination_uuid: null }] }],
    };
    const channels = [
      { uuid: '57f1078f-88aa-46f4-a59a-948a5739c03d', name: 'SMS', schemes: ['tel'], roles: ['send', 'receive'] },
      { uuid: '8e21f093-99aa-413b-b55b-758b54308fcb', name: 'WhatsApp', schemes: ['whatsapp'], roles: ['send', 'receive'] },
    ];
    const who = contact({ urns: ['tel:+250788123123', 'mailto:a@b.org', 'whatsapp:250788123123'] });
    const out = await runScript({ flows: [flow], channels }, flow, who, []);
    const msgs = out.events.filter((e) => e.type === 'msg_created').map((e) => e.msg as { urn: string; channel: { name: string } });
    expect(msgs.map((m) => [m.urn, m.channel.name])).toEqual([
      ['tel:+250788123123', 'SMS'],
      ['whatsapp:250788123123', 'WhatsApp'],
    ]);
  });
});

describe('resume errors', () => {
  it('refuses a wait_timeout resume for a wait without timeout, naming the node', async () => {
    const q = questionFlow({ question: 'Hello?', cases: [] });
    const services = makeTestServices();
    const assets: SessionAssets = { flows: [q.flow] };
    const started = await startSession({ assets, trigger: { type: 'manual', flow: q.flow, contact: contact() }, services });
    await expect(resumeSession({ assets, session: started.session, resume: { type: 'wait_timeout' }, services })).rejects.toThrow(
      new RegExp(`the wait at node ${q.ids.waitNode} has no timeout`),
    );
  });
});

describe('msg wait hint', () => {
  it('passes the router hint to the msg_wait event', async () => {
    const q = questionFlow({ question: 'Send a photo', cases: [['has_text', [], 'Sent']] });
    (q.flow.nodes[1]!.router as { wait: Record<string, unknown> }).wait.hint = { type: 'image' };
    const out = await runScript({ flows: [q.flow] }, q.flow, contact(), []);
    expect(out.events.find((e) => e.type === 'msg_wait')?.hint).toEqual({ type: 'image' });
  });
});

describe('sessions started by a message (keyword triggers)', () => {
  const keywordTrigger = (flow: { uuid: string; name: string }, text: string) => ({
    type: 'msg' as const,
    flow,
    contact: contact(),
    msg: { uuid: uid(), urn: 'tel:+250788123123', text },
    keyword_match: { type: 'first_word' as const, keyword: text.split(' ')[0]! },
  });

  it('waits for a real answer when the question comes after a first message (as goflow)', async () => {
    const q = questionFlow({ question: 'How many cases?', cases: [['has_number', [], 'Number']] });
    const started = await startSession({ assets: { flows: [q.flow] }, trigger: keywordTrigger(q.flow, 'REPORT 12'), services: makeTestServices() });
    expect(started.session.status).toBe('waiting');
    expect(texts(started.events)).toEqual(['How many cases?']);
    expect(started.events.some((e) => e.type === 'run_result_changed')).toBe(false);
  });

  it('lets the keyword message answer a wait on the very first node', async () => {
    const q = questionFlow({ question: 'unused', cases: [['has_number', [], 'Number']] });
    q.flow.nodes = q.flow.nodes.slice(1); // start directly at the waiting node
    const started = await startSession({ assets: { flows: [q.flow] }, trigger: keywordTrigger(q.flow, 'REPORT 12'), services: makeTestServices() });
    expect(started.session.status).toBe('completed');
    expect(started.events.find((e) => e.type === 'run_result_changed')).toMatchObject({ category: 'Number', value: '12' });
  });
});
