/**
 * (b) surveillance-alert through the real messaging loop: an English nurse in Kilifi reports 5 suspected
 * cases (after one unclear count), the Kilifi surveillance officer (French) is alerted at once in French and
 * the Mombasa one is not; a French nurse reports none; a third health worker never answers (reminder, then
 * "No Response"). The FHIR dev server receives the QuestionnaireResponse and the case/death Observations.
 */
import type { Observation, QuestionnaireResponse } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { first } from '../../server/messaging/sql.js';
import { createScenario, type Scenario, type ScenarioContact } from './scenario.js';

const HOUR = 3_600_000;
let s: Scenario;
let nurse: ScenarioContact;
let infirmiere: ScenarioContact;
let silent: ScenarioContact;
let kilifiOfficer: ScenarioContact;
let mombasaOfficer: ScenarioContact;

beforeAll(async () => {
  s = await createScenario('surveillance-alert');
  nurse = await s.addContact({ name: 'Amina Otieno', language: 'eng', fields: { fhir_ref: 'Practitioner/hw-1', district: 'Kilifi', facility: 'Mnarani Dispensary', cadre: 'Nurse' } });
  infirmiere = await s.addContact({ name: 'Brigitte Ngo', language: 'fra', fields: { fhir_ref: 'Practitioner/hw-2', district: 'Kilifi', facility: 'Tezo Dispensary', cadre: 'Nurse' } });
  silent = await s.addContact({ name: 'Chege', language: 'eng', fields: { fhir_ref: 'Practitioner/hw-3', district: 'Kilifi', facility: 'Kilifi County Hospital', cadre: 'Clinical Officer' } });
  kilifiOfficer = await s.addContact({ name: 'Dr Kahindi', language: 'fra', fields: { district: 'Kilifi', cadre: 'District Surveillance Officer' } });
  mombasaOfficer = await s.addContact({ name: 'Dr Omar', language: 'eng', fields: { district: 'Mombasa', cadre: 'District Surveillance Officer' } });
  await s.start([nurse, infirmiere, silent]);
});
afterAll(async () => {
  await s.close();
});

describe('disease surveillance alert', () => {
  it('asks each health worker in their language', async () => {
    expect(await s.newTexts(nurse)).toEqual([expect.stringMatching(/^Ministry of Health surveillance alert: .*Reply 1 YES or 2 NO\.$/)]);
    expect(await s.newTexts(infirmiere)).toEqual([expect.stringMatching(/^Alerte de surveillance du ministère de la Santé : .*Répondez 1 OUI ou 2 NON\.$/)]);
    expect(await s.newTexts(silent)).toHaveLength(1);
  });

  it('collects count, place and deaths, and alerts only the district’s surveillance officer, in French', async () => {
    await s.reply(nurse, 'yes');
    expect(await s.newTexts(nurse)).toEqual(['How many suspected cases? Reply with a number.']);
    await s.reply(nurse, 'many');
    expect(await s.newTexts(nurse)).toEqual(['Please reply with the number of suspected cases, for example 3.']);
    await s.reply(nurse, '5');
    expect(await s.newTexts(nurse)).toEqual(['Where were they seen? Reply with the village or neighbourhood.']);
    await s.reply(nurse, 'Mtwapa market');
    await s.reply(nurse, '1');
    expect(await s.newTexts(nurse)).toEqual([
      'How many of them died? Reply with a number (0 if none).',
      'Thank you. Your district surveillance officer has been alerted. Isolate suspected cases, give ORS at once and refer severe cases.',
    ]);

    const officerTexts = await s.texts(kilifiOfficer);
    expect(officerTexts).toHaveLength(1);
    // the reporter's number in national format, so the officer can call back
    expect(officerTexts[0]).toBe('ALERTE SIMR : Amina Otieno (Mnarani Dispensary) signale 5 cas suspect(s) de choléra et 1 décès à Mtwapa market. Tél. : 0710 000000. Merci d’investiguer aujourd’hui.');
    expect(await s.texts(mombasaOfficer)).toEqual([]);
    const broadcast = await first<{ targets: string; status: string }>(s.env.db, 'SELECT targets, status FROM broadcasts');
    expect(JSON.parse(broadcast!.targets).query).toBe('district = "Kilifi" AND cadre ~ "surveillance"');

    const run = await s.run(nurse);
    expect(run.status).toBe('completed');
    expect(run.results).toMatchObject({
      suspected_cases: { category: 'Yes' },
      case_count: { value: '5', category: 'Cases' },
      place: { value: 'Mtwapa market' },
      deaths: { value: '1', category: 'Deaths' },
    });
  });

  it('writes the report to FHIR: a QuestionnaireResponse and the two counts as Observations', async () => {
    const [qr] = await s.search<QuestionnaireResponse>('QuestionnaireResponse');
    expect(qr?.author?.reference).toBe('Practitioner/hw-1');
    expect(qr?.item?.find((i) => i.linkId === 'case_count')?.answer?.[0]).toEqual({ valueInteger: 5 });
    expect(qr?.item?.find((i) => i.linkId === 'place')?.answer?.[0]).toEqual({ valueString: 'Mtwapa market' });
    const observations = await s.search<Observation>('Observation');
    const byCode = Object.fromEntries(observations.map((o) => [o.code?.coding?.[0]?.code, o]));
    expect(byCode['suspected-cholera-cases']?.valueQuantity).toMatchObject({ value: 5, unit: '{cases}' });
    expect(byCode['suspected-cholera-deaths']?.valueQuantity).toMatchObject({ value: 1 });
    expect(byCode['suspected-cholera-cases']?.performer?.[0]?.reference).toBe('Practitioner/hw-1');
    expect(byCode['suspected-cholera-cases']?.derivedFrom?.[0]?.reference).toBe(`QuestionnaireResponse/${qr!.id}`);
  });

  it('thanks a French health worker who has seen no case, without alerting anyone', async () => {
    await s.reply(infirmiere, 'non');
    expect(await s.newTexts(infirmiere)).toEqual(['Merci. Restez vigilant et signalez tout cas suspect immédiatement au responsable de votre district.']);
    expect((await s.run(infirmiere)).results.suspected_cases?.category).toBe('No');
    expect(await s.texts(kilifiOfficer)).toHaveLength(1);
  });

  it('reminds after 6 hours without reply and records "No Response" a day later', async () => {
    expect(await s.elapse(6 * HOUR + 60_000)).toBe(1);
    expect(await s.newTexts(silent)).toEqual(['Reminder: have you seen a suspected cholera case since Monday? Reply 1 YES or 2 NO.']);
    expect(await s.elapse(18 * HOUR + 60_000)).toBe(1);
    expect(await s.newTexts(silent)).toEqual([]);
    expect((await s.run(silent)).results.suspected_cases).toEqual({ value: 'no reply', category: 'No Response' });
  });
});
