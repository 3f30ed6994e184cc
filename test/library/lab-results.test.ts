/**
 * (h) lab-results through the real messaging loop, started as the FHIR watcher starts it (trigger params of
 * the contract): the right PIN after one wrong one delivers the summary and writes a Communication to the
 * FHIR dev server; three wrong PINs lock access (contact field results_pin_locked) and a later start says so
 * without asking; a contact without a PIN is told to ask for one; French wording; the PIN is never a result.
 */
import type { Communication, QuestionnaireResponse } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { first } from '../../server/messaging/sql.js';
import { createScenario, type Scenario, type ScenarioContact } from './scenario.js';

const PARAMS = {
  kind: 'lab_results',
  facility: { id: 'Location/F1', name: 'Mnarani Dispensary' },
  count: 2,
  results: [
    { patient_name: 'A.B.', patient_id: 'Patient/p1', test: 'HIV viral load', value: '<50 copies/mL', interpretation: 'suppressed', date: '2026-11-20', report: 'DiagnosticReport/r1' },
    { patient_name: 'C.D.', patient_id: 'Patient/p2', test: 'HIV viral load', value: '12000 copies/mL', interpretation: 'not suppressed', date: '2026-11-21', report: 'DiagnosticReport/r2' },
  ],
  summary: 'A.B.: HIV VL <50 copies/mL (suppressed); C.D.: HIV VL 12000 copies/mL (not suppressed)',
};

let s: Scenario;
let amina: ScenarioContact;
let brigitte: ScenarioContact;
let chege: ScenarioContact;

beforeAll(async () => {
  s = await createScenario('lab-results');
  amina = await s.addContact({ name: 'Amina', language: 'eng', fields: { fhir_ref: 'Practitioner/hw-1', results_pin: '4821' } });
  brigitte = await s.addContact({ name: 'Brigitte', language: 'fra', fields: { fhir_ref: 'Practitioner/hw-2', results_pin: '1357' } });
  chege = await s.addContact({ name: 'Chege', language: 'eng', fields: { fhir_ref: 'Practitioner/hw-3' } });
  await s.start([amina, brigitte, chege], PARAMS);
});
afterAll(async () => {
  await s.close();
});

describe('lab results behind a PIN', () => {
  it('delivers the summary after the right PIN (one wrong try first) and records the delivery in FHIR', async () => {
    expect(await s.newTexts(amina)).toEqual(['You have 2 new lab result(s) for Mnarani Dispensary. Reply with your results PIN to see them.']);
    await s.reply(amina, '1234');
    expect(await s.newTexts(amina)).toEqual(['Wrong PIN. 2 tries left. Reply with your results PIN.']);
    await s.reply(amina, ' 4821 ');
    expect(await s.newTexts(amina)).toEqual([
      `Lab results for Mnarani Dispensary: ${PARAMS.summary}`,
      'Reply OK once you have recorded them in the register.',
    ]);
    await s.reply(amina, 'ok');
    expect(await s.newTexts(amina)).toEqual(['Thank you.']);
    const run = await s.run(amina);
    expect(run.results).toMatchObject({ delivery: { category: 'Delivered' }, receipt: { category: 'Recorded' }, delivery_record: { category: 'Success' } });
    expect(JSON.stringify(run.results)).not.toContain('4821');

    const [communication, ...others] = await s.search<Communication>('Communication');
    expect(others).toEqual([]);
    expect(communication).toMatchObject({ status: 'completed', recipient: [{ reference: 'Practitioner/hw-1' }], about: [{ reference: 'Location/F1', display: 'Mnarani Dispensary' }], payload: [{ contentString: PARAMS.summary }] });
    const qr = (await s.search<QuestionnaireResponse>('QuestionnaireResponse')).find((r) => r.author?.reference === 'Practitioner/hw-1');
    expect(qr?.item?.map((i) => i.linkId)).not.toContain('pin');
  });

  it('locks access after three wrong PINs (in French), and a later start says it is locked', async () => {
    expect(await s.newTexts(brigitte)).toEqual(['Vous avez 2 nouveau(x) résultat(s) de laboratoire pour Mnarani Dispensary. Répondez avec votre code de résultats pour les voir.']);
    for (const pin of ['1111', '2222', '3333']) await s.reply(brigitte, pin);
    expect(await s.newTexts(brigitte)).toEqual([
      'Code erroné. Encore 2 essai(s). Répondez avec votre code de résultats.',
      'Code erroné. Encore 1 essai(s). Répondez avec votre code de résultats.',
      'Code erroné 3 fois : l’accès aux résultats est maintenant bloqué. Demandez à votre superviseur de le débloquer.',
    ]);
    expect((await s.run(brigitte)).results.delivery?.category).toBe('Locked');
    const fields = JSON.parse((await first<{ fields: string }>(s.env.db, 'SELECT fields FROM contacts WHERE id = ?', [brigitte.id]))!.fields) as Record<string, string>;
    expect(fields.results_pin_locked).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect((await s.texts(brigitte)).some((t) => t.includes('HIV'))).toBe(false);

    // the right PIN no longer helps: the next results find the access locked
    await s.start([brigitte], PARAMS);
    expect(await s.newTexts(brigitte)).toEqual(['Vous avez 2 nouveau(x) résultat(s) de laboratoire pour Mnarani Dispensary, mais l’accès aux résultats est bloqué après 3 codes erronés. Demandez à votre superviseur de le débloquer.']);
    expect((await s.run(brigitte)).status).toBe('completed');
  });

  it('tells a health worker without a PIN to ask for one, without sending results', async () => {
    expect(await s.newTexts(chege)).toEqual(['You have 2 new lab result(s) for Mnarani Dispensary, but no results PIN is set for you. Ask your supervisor to set one.']);
    expect((await s.run(chege)).results.delivery?.category).toBe('No PIN');
  });

  it('says the results stay at the laboratory when the PIN is not sent within a day', async () => {
    const dora = await s.addContact({ name: 'Dora', language: 'eng', fields: { fhir_ref: 'Practitioner/hw-4', results_pin: '2468' } });
    await s.start([dora], PARAMS);
    await s.newTexts(dora);
    expect(await s.elapse(86_400_000 + 60_000)).toBe(1);
    expect(await s.newTexts(dora)).toEqual(['Your lab results were not opened by SMS. They remain available from the laboratory.']);
    expect((await s.run(dora)).results.delivery?.category).toBe('Not opened');
  });
});
