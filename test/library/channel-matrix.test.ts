/**
 * Every library flow (a → i) through every provider channel, end to end as in production: the health
 * worker's replies arrive as the provider's own webhook, signed as the provider signs it (the loopback
 * emulators of server/dev/emulators/), at the server's webhook URL; the flow runs in the real engine over
 * a SQLite file; the outbox sender sends the answers to the emulator's send API; the provider's delivery
 * callbacks then mark the messages delivered. One server per channel, the flows one after the other.
 *
 * The texts and results expected are those of the loopback scenario tests (journeys.ts). The matrix this
 * checks is written down in flows-library/README.md ("Checked against channels").
 */
import type { QuestionnaireResponse } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFhirDevServer, type FhirDevServer } from '../../server/dev/fhir-dev-server.js';
import { FhirClient } from '../../server/fhir/client.js';
import { createMatrixEnv, type MatrixEnv } from './channel-matrix/matrix-env.js';
import { JOURNEYS, type Journey } from './channel-matrix/journeys.js';
import { PROVIDER_KEYS, startDriver, type MatrixContact, type ProviderDriver, type ProviderKey } from './channel-matrix/providers.js';

let fhirServer: FhirDevServer;
let fhir: FhirClient;

beforeAll(async () => {
  fhirServer = await startFhirDevServer({ port: 0, seed: false });
  fhir = new FhirClient({ baseUrl: fhirServer.url, retries: 0 });
});
afterAll(async () => {
  await fhirServer.close();
});

/** Runs one journey for a new health worker on the channel; returns the contact. */
async function runJourney(env: MatrixEnv, driver: ProviderDriver, journey: Journey, key: ProviderKey): Promise<MatrixContact> {
  const prepared = journey.prepare ? await journey.prepare(env, fhir, `${key}-${journey.letter}`) : {};
  // one FHIR server serves every channel: each channel's health worker is a Practitioner of its own
  const fields = { ...journey.contact.fields, ...prepared.fields };
  if (journey.contact.fields.fhir_ref) fields.fhir_ref = `${journey.contact.fields.fhir_ref}-${key}`;
  const contact = await env.addContact({ name: journey.contact.name, language: journey.contact.language, fields });
  if (driver.contactWritesFirst) {
    // chat apps: the health worker has written to the number / page / bot before (no flow answers this)
    await env.reply(contact, driver.contactWritesFirst);
    expect(env.newTexts(contact)).toEqual([]);
  }
  await env.start(journey.flow, [contact], prepared.params);
  for (const step of journey.steps) {
    if (step.reply !== null && step.tap && driver.tap) {
      const offered = driver.received(contact).at(-1)!;
      expect(offered.quickReplies, `button "${step.reply}" offered`).toContain(step.reply);
      const title = step.reply;
      await env.reply(contact, title, () => driver.tap!(env.webhookUrl, contact, title, offered));
    } else if (step.reply !== null) {
      await env.reply(contact, step.reply);
    }
    const wanted = step.expect.map((e) => (typeof e === 'string' ? driver.shown(e) : expect.stringMatching(e)));
    expect(env.newTexts(contact), `after ${step.reply === null ? 'the start' : `"${step.reply}"`}`).toEqual(wanted);
  }
  const run = await env.run(journey.flow, contact);
  expect(run.status).toBe('completed');
  expect(run.results).toMatchObject(journey.results);

  // every outgoing message left the outbox once, with the provider's id; the flow's quick replies became buttons where the channel has them
  const rows = await env.outgoing(contact);
  const received = driver.received(contact);
  expect(rows.map((r) => r.status)).toEqual(rows.map(() => 'wired'));
  expect(received).toHaveLength(rows.length);
  const quickReplies = rows.map((r) => JSON.parse(r.quick_replies) as string[]);
  expect(received.map((m) => m.quickReplies)).toEqual(driver.quickReplyButtons ? quickReplies : rows.map(() => []));
  rows.forEach((row, i) => {
    if (received[i]!.providerId) expect(row.provider_id).toBe(received[i]!.providerId);
  });
  if (key === 'whatsapp-cloud') expect(received.map((m) => m.kind)).toEqual(quickReplies.map((q) => (q.length > 0 ? 'interactive' : 'text')));
  if (key === 'twilio-whatsapp') expect(received.map((m) => m.kind)).toEqual(received.map(() => 'message')); // free-form, inside the 24-hour window

  // the run was written to FHIR as for the loopback run (the author is the contact's fhir_ref)
  const author = fields.fhir_ref!;
  const responses = (await fhir.searchAll<QuestionnaireResponse>('QuestionnaireResponse', {})).filter((r) => (r.author ?? r.subject)?.reference === author);
  expect(responses, `QuestionnaireResponse of ${author}`).toHaveLength(1);
  await prepared.after?.(contact);
  return contact;
}

for (const key of PROVIDER_KEYS) {
  describe(`channel ${key}`, () => {
    let driver: ProviderDriver;
    let env: MatrixEnv;
    const contacts: MatrixContact[] = [];

    beforeAll(async () => {
      driver = await startDriver(key);
      env = await createMatrixEnv(driver, fhirServer.url);
    });
    afterAll(async () => {
      await env?.close();
      await driver?.close();
    });

    for (const journey of JOURNEYS) {
      it(`(${journey.letter}) ${journey.flow}: ${journey.path}`, async () => {
        contacts.push(await runJourney(env, driver, journey, key));
      });
    }

    it('delivery callbacks from the provider mark every message delivered', async () => {
      expect(contacts).toHaveLength(JOURNEYS.length);
      if (!driver.reportDelivered) {
        // Telegram's Bot API has no delivery receipts: sent messages stay "wired"
        for (const c of contacts) expect(new Set((await env.outgoing(c)).map((r) => r.status))).toEqual(new Set(['wired']));
        return;
      }
      for (const c of contacts) {
        const answers = await driver.reportDelivered(env.webhookUrl, c);
        expect(answers.map((a) => a.status).every((s) => s >= 200 && s < 300), `${c.name}: ${answers.map((a) => `${a.status} ${a.text}`).join(', ')}`).toBe(true);
        await env.rt.locks.idle();
        const rows = await env.outgoing(c);
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.map((r) => r.status), c.name).toEqual(rows.map(() => 'delivered'));
      }
    });

    if (key === 'whatsapp-cloud' || key === 'twilio-whatsapp') {
      it('(a) to a health worker who never wrote: nothing is sent outside the 24-hour window without a template', async () => {
        const silent = await env.addContact({ name: 'Silent', language: 'eng', fields: { fhir_ref: `Practitioner/hw-silent-${key}` } });
        await env.start('important-update', [silent]);
        const rows = await env.outgoing(silent);
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/^WhatsApp 24-hour window closed .*has no approved template configured/) });
        expect(driver.received(silent)).toEqual([]);
      });
    }
  });
}
