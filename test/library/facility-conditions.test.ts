/**
 * (c) facility-conditions through the real messaging loop: an English in-charge reports (one answer re-asked),
 * a French one reports a problem in her own words, a third stops answering (after 12 hours the report is
 * closed as incomplete). Checks the summary in each language, the results, the QuestionnaireResponse and the
 * staff-count Observation on the FHIR dev server.
 */
import type { Observation, QuestionnaireResponse } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScenario, type Scenario, type ScenarioContact } from './scenario.js';

let s: Scenario;
let amina: ScenarioContact;
let brigitte: ScenarioContact;
let chege: ScenarioContact;

beforeAll(async () => {
  s = await createScenario('facility-conditions');
  amina = await s.addContact({ name: 'Amina', language: 'eng', fields: { fhir_ref: 'Practitioner/hw-1', facility: 'Mnarani Dispensary' } });
  brigitte = await s.addContact({ name: 'Brigitte', language: 'fra', fields: { fhir_ref: 'Practitioner/hw-2', facility: 'CSI de Bakomé' } });
  chege = await s.addContact({ name: 'Chege', language: 'eng', fields: { fhir_ref: 'Practitioner/hw-3' } });
  await s.start([amina, brigitte, chege]);
});
afterAll(async () => {
  await s.close();
});

async function answer(contact: ScenarioContact, replies: string[]): Promise<string[]> {
  for (const r of replies) await s.reply(contact, r);
  return s.newTexts(contact);
}

describe('facility conditions report', () => {
  it('collects an English report, re-asking an unclear choice, and sums it up', async () => {
    expect(await s.newTexts(amina)).toEqual(['Ministry of Health facility report for Mnarani Dispensary. How many staff are working there today? Reply with a number.']);
    const texts = await answer(amina, ['4', 'sometimes', '2', '1', '3', 'no']);
    expect(texts).toEqual([
      'Electricity today? Reply 1 all day, 2 with cuts, 3 none.',
      'Please reply 1 (electricity all day), 2 (with cuts) or 3 (none).',
      'Water today? Reply 1 running water, 2 stored water only, 3 none.',
      'Protective equipment (gloves, masks)? Reply 1 enough for a week, 2 running low, 3 out of stock.',
      'Any other problem at the facility? Describe it in one message, or reply NO.',
      'Thank you. Report for Mnarani Dispensary: 4 staff, electricity: Cuts, water: Running, protective equipment: Out of stock.',
    ]);
    const run = await s.run(amina);
    expect(run.status).toBe('completed');
    expect(run.results).toMatchObject({
      staff_present: { value: '4', category: 'Count' },
      power: { value: '2', category: 'Cuts' },
      water: { category: 'Running' },
      protective_equipment: { category: 'Out of stock' },
      other_problem: { value: 'no', category: 'None' },
    });
  });

  it('collects a French report with a problem described in words, summed up with French categories', async () => {
    expect(await s.newTexts(brigitte)).toEqual(['Rapport du ministère de la Santé pour CSI de Bakomé. Combien de personnels y travaillent aujourd’hui ? Répondez par un nombre.']);
    const texts = await answer(brigitte, ['7', '3', 'eau stockée', '2', 'Le réfrigérateur des vaccins est en panne']);
    expect(texts.at(-1)).toBe('Merci. Rapport pour CSI de Bakomé : 7 personnels, électricité : Aucune, eau : Stockée, équipements de protection : Faible.');
    const run = await s.run(brigitte);
    expect(run.results.water?.category).toBe('Stored');
    expect(run.results.other_problem).toEqual({ value: 'Le réfrigérateur des vaccins est en panne', category: 'Other' });
  });

  it('writes each report to FHIR with the staff count as an Observation', async () => {
    const responses = await s.search<QuestionnaireResponse>('QuestionnaireResponse');
    expect(responses.map((r) => r.author?.reference).sort()).toEqual(['Practitioner/hw-1', 'Practitioner/hw-2']);
    const amina = responses.find((r) => r.author?.reference === 'Practitioner/hw-1')!;
    expect(amina.item?.find((i) => i.linkId === 'staff_present')?.answer?.[0]).toEqual({ valueInteger: 4 });
    expect(amina.item?.find((i) => i.linkId === 'power')?.answer?.[0]?.valueCoding).toMatchObject({ code: 'cuts' });
    const observations = await s.search<Observation>('Observation');
    expect(observations.map((o) => [o.performer?.[0]?.reference, o.code?.coding?.[0]?.code, o.valueQuantity?.value]).sort()).toEqual([
      ['Practitioner/hw-1', 'staff-present', 4],
      ['Practitioner/hw-2', 'staff-present', 7],
    ]);
  });

  it('closes the report as incomplete after 12 hours without reply', async () => {
    expect(await s.newTexts(chege)).toEqual(['Ministry of Health facility report for your facility. How many staff are working there today? Reply with a number.']);
    await s.reply(chege, '3');
    await s.newTexts(chege);
    expect(await s.elapse(12 * 3_600_000 + 60_000)).toBe(1);
    expect(await s.newTexts(chege)).toEqual(['We did not receive your answer, so the facility report is incomplete. Your district team may call you.']);
    const run = await s.run(chege);
    expect(run.status).toBe('completed');
    expect(run.results.staff_present?.value).toBe('3');
    expect(run.results.power?.category).toBe('No Response');
  });
});
