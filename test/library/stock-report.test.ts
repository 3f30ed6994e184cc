/**
 * (e) stock-report through the real messaging loop: an English and a French health worker report four
 * commodity counts (one unclear count asked again, a stock-out at 0); each count reaches the FHIR dev server
 * as an Observation with its code, unit, performer and the QuestionnaireResponse it derives from. A report
 * left unfinished for 12 hours still writes the counts given.
 */
import type { Observation, QuestionnaireResponse } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScenario, type Scenario, type ScenarioContact } from './scenario.js';

let s: Scenario;
let amina: ScenarioContact;
let brigitte: ScenarioContact;
let chege: ScenarioContact;

beforeAll(async () => {
  s = await createScenario('stock-report');
  amina = await s.addContact({ name: 'Amina', language: 'eng', fields: { fhir_ref: 'Practitioner/hw-1', facility: 'Mnarani Dispensary' } });
  brigitte = await s.addContact({ name: 'Brigitte', language: 'fra', fields: { fhir_ref: 'Practitioner/hw-2', facility: 'CSI de Bakomé' } });
  chege = await s.addContact({ name: 'Chege', language: 'eng', fields: { fhir_ref: 'Practitioner/hw-3' } });
  await s.start([amina, brigitte, chege]);
});
afterAll(async () => {
  await s.close();
});

async function counts(performer: string): Promise<Record<string, [number | undefined, string | undefined]>> {
  const observations = (await s.search<Observation>('Observation')).filter((o) => o.performer?.[0]?.reference === performer);
  return Object.fromEntries(observations.map((o) => [o.code?.coding?.[0]?.code ?? '', [o.valueQuantity?.value, o.valueQuantity?.unit]]));
}

describe('stock report', () => {
  it('collects the four counts in English and sums them up', async () => {
    for (const r of ['24', 'a lot', '150', '0', '12 packs']) await s.reply(amina, r);
    expect(await s.newTexts(amina)).toEqual([
      'Ministry of Health stock report for Mnarani Dispensary. How many packs of ACT (artemether-lumefantrine 6x4) are on hand today?',
      'How many malaria rapid tests (RDTs)?',
      'Please reply with the number on hand today, 0 if none.',
      'How many ORS sachets?',
      'How many packs of amoxicillin dispersible tablets?',
      'Thank you. Recorded: ACT 24, RDT 150, ORS 0, amoxicillin 12. Commodities at 0 are reported to the district pharmacy as stock-outs.',
    ]);
    expect((await s.run(amina)).results).toMatchObject({ act_packs: { value: '24' }, malaria_rdts: { value: '150' }, ors_sachets: { value: '0' }, amoxicillin_packs: { value: '12' } });
  });

  it('writes each count as an Observation linked to the QuestionnaireResponse', async () => {
    expect(await counts('Practitioner/hw-1')).toEqual({
      'act-al-6x4-packs': [24, '{packs}'], 'mrdt-tests': [150, '{tests}'], 'ors-sachets': [0, '{sachets}'], 'amoxicillin-dt-packs': [12, '{packs}'],
    });
    const [qr] = (await s.search<QuestionnaireResponse>('QuestionnaireResponse')).filter((r) => r.author?.reference === 'Practitioner/hw-1');
    const observations = (await s.search<Observation>('Observation')).filter((o) => o.performer?.[0]?.reference === 'Practitioner/hw-1');
    expect(observations.every((o) => o.derivedFrom?.[0]?.reference === `QuestionnaireResponse/${qr!.id}` && o.code?.coding?.[0]?.system === 'http://moh.example.org/fhir/CodeSystem/stock')).toBe(true);
  });

  it('works in French', async () => {
    for (const r of ['10', '0', '35', '8']) await s.reply(brigitte, r);
    expect((await s.newTexts(brigitte)).at(-1)).toBe('Merci. Enregistré : CTA 10, TDR 0, SRO 35, amoxicilline 8. Les produits à 0 sont signalés en rupture à la pharmacie de district.');
    expect(await counts('Practitioner/hw-2')).toMatchObject({ 'act-al-6x4-packs': [10, '{packs}'], 'mrdt-tests': [0, '{tests}'] });
  });

  it('writes the counts of an unfinished report after 12 hours without reply', async () => {
    await s.reply(chege, '5');
    expect(await s.elapse(12 * 3_600_000 + 60_000)).toBe(1);
    expect((await s.newTexts(chege)).at(-1)).toBe('We did not receive the rest of your stock report. The counts you sent are recorded.');
    expect(await counts('Practitioner/hw-3')).toEqual({ 'act-al-6x4-packs': [5, '{packs}'] });
  });
});
