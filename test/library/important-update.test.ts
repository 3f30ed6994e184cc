/**
 * (a) important-update through the real messaging loop: an English nurse acknowledges at once, a French
 * nurse first answers something unclear then sends a question, a third one answers only after the reminder,
 * a fourth never answers (reminder after a day, "No Response" after two). Each ended run is written to the
 * FHIR dev server as a QuestionnaireResponse.
 */
import type { QuestionnaireResponse } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScenario, type Scenario, type ScenarioContact } from './scenario.js';

const DAY = 86_400_000;
let s: Scenario;
let amina: ScenarioContact;
let brigitte: ScenarioContact;
let chege: ScenarioContact;
let david: ScenarioContact;

beforeAll(async () => {
  s = await createScenario('important-update');
  amina = await s.addContact({ name: 'Amina', language: 'eng', fields: { fhir_ref: 'Practitioner/hw-1' } });
  brigitte = await s.addContact({ name: 'Brigitte', language: 'fra', fields: { fhir_ref: 'Practitioner/hw-2' } });
  chege = await s.addContact({ name: 'Chege', language: 'eng', fields: { fhir_ref: 'Practitioner/hw-3' } });
  david = await s.addContact({ name: 'David', language: 'fra', fields: { fhir_ref: 'Practitioner/hw-4' } });
  await s.start([amina, brigitte, chege, david]);
});
afterAll(async () => {
  await s.close();
});

async function responseOf(ref: string): Promise<QuestionnaireResponse | undefined> {
  return (await s.search<QuestionnaireResponse>('QuestionnaireResponse')).find((r) => r.author?.reference === ref);
}

describe('important update with acknowledgement', () => {
  it('sends the update in each contact’s language', async () => {
    expect(await s.newTexts(amina)).toEqual([expect.stringMatching(/^Ministry of Health update: .*Reply 1 if you have read and understood, 2 if you have a question\.$/)]);
    expect(await s.newTexts(brigitte)).toEqual([expect.stringMatching(/^Information du ministère de la Santé : .*Répondez 1 si vous avez lu et compris/)]);
    expect(await s.newTexts(chege)).toHaveLength(1);
    expect(await s.newTexts(david)).toHaveLength(1);
  });

  it('records an acknowledgement and writes it to FHIR', async () => {
    await s.reply(amina, '1');
    expect(await s.newTexts(amina)).toEqual(['Thank you, your acknowledgement is recorded.']);
    const run = await s.run(amina);
    expect(run.status).toBe('completed');
    expect(run.results.acknowledgement).toEqual({ value: '1', category: 'Read' });
    const qr = await responseOf('Practitioner/hw-1');
    expect(qr?.status).toBe('completed');
    expect(qr?.item?.find((i) => i.linkId === 'acknowledgement')?.answer?.[0]?.valueCoding).toMatchObject({ code: 'read' });
  });

  it('re-asks an unclear answer in French, then collects a question', async () => {
    await s.reply(brigitte, 'peut-être');
    expect(await s.newTexts(brigitte)).toEqual(['Désolé, nous n’avons pas compris. Répondez 1 si vous avez lu l’information, 2 si vous avez une question.']);
    await s.reply(brigitte, 'question');
    expect(await s.newTexts(brigitte)).toEqual(['Envoyez votre question en un seul message.']);
    await s.reply(brigitte, 'Faut-il garder l’ancien registre ?');
    expect(await s.newTexts(brigitte)).toEqual(['Merci, votre question a été transmise à l’équipe du programme. Elle vous répondra.']);
    const run = await s.run(brigitte);
    expect(run.results.acknowledgement?.category).toBe('Question');
    expect(run.results.question?.value).toBe('Faut-il garder l’ancien registre ?');
    const qr = await responseOf('Practitioner/hw-2');
    expect(qr?.item?.find((i) => i.linkId === 'question')?.answer?.[0]?.valueString).toBe('Faut-il garder l’ancien registre ?');
  });

  it('reminds after a day without reply, and records "No Response" after the second day', async () => {
    expect(await s.elapse(DAY + 60_000)).toBe(2); // chege's and david's wait timeouts
    expect(await s.newTexts(chege)).toEqual(['Reminder: please confirm you read the Ministry of Health update. Reply 1 if read, 2 if you have a question.']);
    expect(await s.newTexts(david)).toEqual(['Rappel : merci de confirmer la lecture de l’information du ministère de la Santé. Répondez 1 si lu, 2 si vous avez une question.']);
    await s.reply(chege, 'ok I have read it');
    expect(await s.newTexts(chege)).toEqual(['Thank you, your acknowledgement is recorded.']);
    expect((await s.run(chege)).results.acknowledgement?.category).toBe('Read');

    expect(await s.elapse(DAY + 60_000)).toBe(1);
    expect(await s.newTexts(david)).toEqual([]);
    const run = await s.run(david);
    expect(run.status).toBe('completed');
    expect(run.results.acknowledgement).toEqual({ value: 'no reply', category: 'No Response' });
    expect(await responseOf('Practitioner/hw-4')).toBeDefined();
    expect((await s.search('QuestionnaireResponse')).length).toBe(4);
  });
});
