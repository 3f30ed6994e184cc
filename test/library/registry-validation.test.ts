/**
 * (g) registry-validation through the real messaging loop and the FHIR dev server: the flow reads each health
 * worker's Practitioner and PractitionerRole over HTTP; an English nurse confirms everything (nothing is
 * rewritten); a French one corrects her name and cadre (Practitioner.name and PractitionerRole.code are
 * rewritten, identifiers, phone and facility kept); a third corrects his facility only; a fourth never
 * answers ("No Response" after two days).
 */
import type { Practitioner, PractitionerRole, QuestionnaireResponse } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScenario, type Scenario, type ScenarioContact } from './scenario.js';

let s: Scenario;
const people: Record<string, { contact: ScenarioContact; practitioner: Practitioner; role: PractitionerRole }> = {};

async function registryPerson(key: string, name: { given: string; family: string }, language: 'eng' | 'fra', facility: { id: string; name: string }, cadre: string, phone: string) {
  const practitioner = await s.fhir.create<Practitioner>({
    resourceType: 'Practitioner', active: true, identifier: [{ system: 'http://moh.example.org/ihris', value: `IHRIS-${key}` }],
    name: [{ use: 'official', family: name.family, given: [name.given] }], telecom: [{ system: 'phone', value: phone }], gender: 'female',
  });
  const role = await s.fhir.create<PractitionerRole>({
    resourceType: 'PractitionerRole', active: true, practitioner: { reference: `Practitioner/${practitioner.id}` },
    location: [{ reference: `Location/${facility.id}`, display: facility.name }], code: [{ coding: [{ system: 'http://moh.example.org/cadre', code: cadre.toLowerCase() }], text: cadre }],
  });
  const contact = await s.addContact({
    name: `${name.given} ${name.family}`, language,
    fields: { fhir_ref: `Practitioner/${practitioner.id}`, facility: facility.name, facility_id: facility.id, cadre },
  });
  people[key] = { contact, practitioner, role };
}

beforeAll(async () => {
  s = await createScenario('registry-validation');
  await registryPerson('amina', { given: 'Amina', family: 'Otieno' }, 'eng', { id: 'F1', name: 'Mnarani Dispensary' }, 'Nurse', '+254710000000');
  await registryPerson('brigitte', { given: 'Brigite', family: 'Ngo' }, 'fra', { id: 'F2', name: 'CSI de Bakomé' }, 'Nurse', '+254710000001');
  await registryPerson('chege', { given: 'Chege', family: 'Kamau' }, 'eng', { id: 'F3', name: 'Tezo Dispensary' }, 'Clinical officer', '+254710000002');
  await registryPerson('david', { given: 'David', family: 'Mwangi' }, 'eng', { id: 'F1', name: 'Mnarani Dispensary' }, 'Nurse', '+254710000003');
  await s.start(Object.values(people).map((p) => p.contact));
});
afterAll(async () => {
  await s.close();
});

const practitioner = (key: string) => s.fhir.read<Practitioner>('Practitioner', people[key]!.practitioner.id!);
const role = (key: string) => s.fhir.read<PractitionerRole>('PractitionerRole', people[key]!.role.id!);

describe('health worker registry validation', () => {
  it('asks with what the registry holds; a full confirmation rewrites nothing', async () => {
    const { contact } = people.amina!;
    expect(await s.newTexts(contact)).toEqual(['Ministry of Health registry check. Is your name Amina Otieno? Reply 1 YES or 2 NO.']);
    for (const r of ['1', 'yes', 'yes']) await s.reply(contact, r);
    expect(await s.newTexts(contact)).toEqual([
      'Do you work at Mnarani Dispensary? Reply 1 YES or 2 NO.',
      'Is your cadre Nurse? Reply 1 YES or 2 NO.',
      'Thank you, your registry record is confirmed. Corrections are sent to the national registry.',
    ]);
    expect((await practitioner('amina')).meta?.versionId).toBe(people.amina!.practitioner.meta?.versionId);
    expect((await role('amina')).meta?.versionId).toBe(people.amina!.role.meta?.versionId);
    expect((await s.run(contact)).results).toMatchObject({ name_confirmed: { category: 'Yes' }, facility_confirmed: { category: 'Yes' }, cadre_confirmed: { category: 'Yes' } });
  });

  it('writes a corrected name and cadre back, keeping the rest of both records (French)', async () => {
    const { contact } = people.brigitte!;
    expect(await s.newTexts(contact)).toEqual(['Vérification du registre du ministère de la Santé. Vous appelez-vous Brigite Ngo ? Répondez 1 OUI ou 2 NON.']);
    for (const r of ['non', 'Brigitte Ngo Mbarga', 'oui', 'non', '2']) await s.reply(contact, r);
    expect(await s.newTexts(contact)).toEqual([
      'Envoyez votre nom complet tel qu’il doit figurer dans le registre.',
      'Travaillez-vous à CSI de Bakomé ? Répondez 1 OUI ou 2 NON.',
      'Votre cadre est-il Nurse ? Répondez 1 OUI ou 2 NON.',
      'Quel est votre cadre ? Répondez 1 infirmier, 2 sage-femme, 3 technicien médical, 4 médecin, 5 agent de santé communautaire, 6 technicien de laboratoire.',
      'Merci, votre fiche du registre est confirmée. Les corrections sont transmises au registre national.',
    ]);
    const p = await practitioner('brigitte');
    expect(p.name).toEqual([{ use: 'official', text: 'Brigitte Ngo Mbarga' }]);
    expect(p.identifier).toEqual(people.brigitte!.practitioner.identifier);
    expect(p.telecom).toEqual(people.brigitte!.practitioner.telecom);
    expect(p.gender).toBe('female');
    const r = await role('brigitte');
    expect(r.code).toEqual([{ text: 'Midwife' }]);
    expect(r.location).toEqual([{ reference: 'Location/F2', display: 'CSI de Bakomé' }]);
    expect(r.practitioner).toEqual({ reference: `Practitioner/${people.brigitte!.practitioner.id}` });
    const results = (await s.run(contact)).results;
    expect(results.correct_cadre).toEqual({ value: '2', category: 'Midwife' });
    expect(results.practitioner_update?.category).toBe('Success');
    expect(results.cadre_update).toEqual({ value: `PractitionerRole/${r.id}`, category: 'Success' });
  });

  it('writes a corrected facility to PractitionerRole.location and keeps the cadre', async () => {
    const { contact } = people.chege!;
    for (const r of ['yes', 'no', 'Kilifi County Hospital', 'yes']) await s.reply(contact, r);
    const r = await role('chege');
    expect(r.location).toEqual([{ display: 'Kilifi County Hospital' }]);
    expect(r.code).toEqual(people.chege!.role.code);
    expect((await practitioner('chege')).meta?.versionId).toBe(people.chege!.practitioner.meta?.versionId);
    const qr = (await s.search<QuestionnaireResponse>('QuestionnaireResponse')).find((q) => q.author?.reference === `Practitioner/${people.chege!.practitioner.id}`);
    expect(qr?.item?.find((i) => i.linkId === 'correct_facility')?.answer?.[0]).toEqual({ valueString: 'Kilifi County Hospital' });
  });

  it('ends with "No Response" after two days without reply', async () => {
    expect(await s.elapse(2 * 86_400_000 + 60_000)).toBe(1);
    const run = await s.run(people.david!.contact);
    expect(run.status).toBe('completed');
    expect(run.results.registry_check).toEqual({ value: 'no reply', category: 'No Response' });
  });
});
