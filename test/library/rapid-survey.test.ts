/**
 * (d) rapid-survey through the real messaging loop: five questions (numbers and numbered choices) answered
 * in English with digits and in French with words, an out-of-range number asked again, a health worker who
 * stops after two answers (survey closed after a day). Checks results, categories and the typed answers
 * of the QuestionnaireResponses on the FHIR dev server.
 */
import type { QuestionnaireResponse } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScenario, type Scenario, type ScenarioContact } from './scenario.js';

let s: Scenario;
let amina: ScenarioContact;
let brigitte: ScenarioContact;
let chege: ScenarioContact;

beforeAll(async () => {
  s = await createScenario('rapid-survey');
  amina = await s.addContact({ name: 'Amina', language: 'eng', fields: { fhir_ref: 'Practitioner/hw-1' } });
  brigitte = await s.addContact({ name: 'Brigitte', language: 'fra', fields: { fhir_ref: 'Practitioner/hw-2' } });
  chege = await s.addContact({ name: 'Chege', language: 'eng', fields: { fhir_ref: 'Practitioner/hw-3' } });
  await s.start([amina, brigitte, chege]);
});
afterAll(async () => {
  await s.close();
});

async function answers(ref: string): Promise<Record<string, unknown>> {
  const qr = (await s.search<QuestionnaireResponse>('QuestionnaireResponse')).find((r) => r.author?.reference === ref);
  return Object.fromEntries((qr?.item ?? []).map((i) => [i.linkId, i.answer?.[0]]));
}

describe('rapid survey', () => {
  it('asks five questions in English, re-asking an impossible number', async () => {
    for (const r of ['12', '1', '3', '400', '5', '1']) await s.reply(amina, r);
    expect(await s.newTexts(amina)).toEqual([
      'Ministry of Health survey, 5 short questions. 1/5: How many children under 5 with fever did you see last week? Reply with a number.',
      '2/5: Do you have the 2026 malaria treatment guidelines at your facility? Reply 1 YES or 2 NO.',
      '3/5: What most limits your work? Reply 1 stock-outs, 2 too few staff, 3 transport, 4 lack of training.',
      '4/5: How many days of training did you receive in the last 12 months? Reply with a number (0 if none).',
      'Please reply with a number of days between 0 and 365.',
      '5/5: How useful were your supervision visits this year? Reply 1 very useful, 2 useful, 3 not useful, 4 no visit.',
      'Thank you for answering the survey. Your answers help the Ministry plan support.',
    ]);
    const run = await s.run(amina);
    expect(run.status).toBe('completed');
    expect(Object.fromEntries(Object.entries(run.results).map(([k, r]) => [k, [r.value, r.category]]))).toEqual({
      fever_cases: ['12', 'Number'], guidelines: ['1', 'Yes'], main_challenge: ['3', 'Transport'], training_days: ['5', 'Days'], supervision: ['1', 'Very useful'],
    });
  });

  it('understands French words for the choices', async () => {
    for (const r of ['environ 20', 'non', 'rupture de stock', '0', 'pas utiles']) await s.reply(brigitte, r);
    const texts = await s.newTexts(brigitte);
    expect(texts[0]).toMatch(/^Enquête du ministère de la Santé, 5 questions courtes\. 1\/5 :/);
    expect(texts.at(-1)).toBe('Merci d’avoir répondu à l’enquête. Vos réponses aident le ministère à organiser son appui.');
    const run = await s.run(brigitte);
    expect(run.results.fever_cases).toEqual({ value: '20', category: 'Number' });
    expect(run.results.guidelines?.category).toBe('No');
    expect(run.results.main_challenge?.category).toBe('Stock-outs');
    expect(run.results.supervision?.category).toBe('Not useful');
  });

  it('writes typed answers to FHIR: integers for numbers, codings for choices', async () => {
    expect(await answers('Practitioner/hw-1')).toMatchObject({
      fever_cases: { valueInteger: 12 }, training_days: { valueInteger: 5 },
      guidelines: { valueCoding: { code: 'yes' } }, main_challenge: { valueCoding: { code: 'transport' } }, supervision: { valueCoding: { code: 'very_useful' } },
    });
    expect(await answers('Practitioner/hw-2')).toMatchObject({ fever_cases: { valueInteger: 20 }, main_challenge: { valueCoding: { code: 'stock_outs' } } });
  });

  it('closes the survey after a day without an answer, keeping what was answered', async () => {
    await s.reply(chege, '7');
    await s.reply(chege, 'yes');
    await s.newTexts(chege);
    expect(await s.elapse(24 * 3_600_000 + 60_000)).toBe(1);
    expect(await s.newTexts(chege)).toEqual(['The survey is now closed for you. Thank you for the answers you gave.']);
    expect(await answers('Practitioner/hw-3')).toMatchObject({ fever_cases: { valueInteger: 7 }, guidelines: { valueCoding: { code: 'yes' } } });
  });
});
