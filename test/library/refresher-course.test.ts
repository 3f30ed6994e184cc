/**
 * (f) refresher-course through the real messaging loop, over simulated days: lesson 1 and its quiz at the
 * start, the next lesson a day later (timer) or at once on "NEXT"; correct answers counted; a French nurse
 * who skips a quiz (no reply for a day) still progresses. Checks the completion message with the score,
 * the results, and the score written to FHIR as an Observation with the QuestionnaireResponse.
 */
import type { Observation, QuestionnaireResponse } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScenario, type Scenario, type ScenarioContact } from './scenario.js';

const DAY = 86_400_000;
let s: Scenario;
let amina: ScenarioContact;
let brigitte: ScenarioContact;

beforeAll(async () => {
  s = await createScenario('refresher-course');
  amina = await s.addContact({ name: 'Amina', language: 'eng', fields: { fhir_ref: 'Practitioner/hw-1' } });
  brigitte = await s.addContact({ name: 'Brigitte', language: 'fra', fields: { fhir_ref: 'Practitioner/hw-2' } });
  await s.start([amina, brigitte]);
});
afterAll(async () => {
  await s.close();
});

describe('refresher course over three days', () => {
  it('day 1: welcome, lesson 1 and its quiz; a correct answer is confirmed and lesson 2 announced for tomorrow', async () => {
    expect(await s.newTexts(amina)).toEqual([
      'Welcome to the Ministry of Health refresher course on infection prevention: 3 lessons, one a day, each with a quiz question.',
      expect.stringMatching(/^Lesson 1\/3, hand hygiene:/),
      'Quiz 1: how long should an alcohol hand rub last? Reply 1 (5 seconds), 2 (20 to 30 seconds) or 3 (2 minutes).',
    ]);
    expect(await s.newTexts(brigitte)).toEqual([
      expect.stringMatching(/^Bienvenue au cours de recyclage/),
      expect.stringMatching(/^Leçon 1\/3, hygiène des mains :/),
      expect.stringMatching(/^Quiz 1 : combien de temps/),
    ]);
    await s.reply(amina, 'maybe');
    await s.reply(amina, '2');
    expect(await s.newTexts(amina)).toEqual([
      'Please reply 1, 2 or 3.',
      'Correct! A hand rub takes 20 to 30 seconds.',
      'Lesson 2 of 3 comes tomorrow. Reply NEXT to get it now.',
    ]);
  });

  it('day 2: the timer brings lesson 2; a wrong answer gets the right one; NEXT brings lesson 3 at once', async () => {
    expect(await s.elapse(DAY + 60_000)).toBe(2); // amina's pause, brigitte's unanswered quiz
    expect(await s.newTexts(amina)).toEqual([expect.stringMatching(/^Lesson 2\/3, sharps and waste:/), expect.stringMatching(/^Quiz 2: where does a used needle go\?/)]);
    await s.reply(amina, '1');
    await s.reply(amina, 'next');
    expect(await s.newTexts(amina)).toEqual([
      'Not quite: the answer is 2. Used needles go straight into the sharps box.',
      'Lesson 3 of 3 comes tomorrow. Reply NEXT to get it now.',
      expect.stringMatching(/^Lesson 3\/3, protective equipment:/),
      'Quiz 3: what do you take off first? Reply 1 (gloves), 2 (mask) or 3 (gown).',
    ]);
    await s.reply(amina, '1');
    expect(await s.newTexts(amina)).toEqual([
      'Correct! Gloves come off first.',
      'Congratulations, you have completed the infection prevention refresher course! Your score: 2/3.',
    ]);
    const run = await s.run(amina);
    expect(run.status).toBe('completed');
    expect(run.results).toMatchObject({
      quiz_1: { category: 'Correct' }, quiz_2: { category: 'Wrong' }, quiz_3: { category: 'Correct' },
      score: { value: '2' }, completion: { category: 'Completed' },
    });
  });

  it('a French nurse who skipped quiz 1 still goes on, and finishes with her score', async () => {
    // the unanswered quiz 1 timed out on day 2: lesson 2 came straight away
    expect(await s.newTexts(brigitte)).toEqual([expect.stringMatching(/^Leçon 2\/3, objets piquants/), expect.stringMatching(/^Quiz 2 : où va une aiguille usagée/)]);
    await s.reply(brigitte, '2');
    expect(await s.newTexts(brigitte)).toEqual([
      'Bonne réponse ! Les aiguilles usagées vont directement dans la boîte de sécurité.',
      'La leçon 3 sur 3 arrive demain. Répondez SUITE pour la recevoir maintenant.',
    ]);
    expect(await s.elapse(DAY + 60_000)).toBe(1);
    await s.reply(brigitte, '3');
    expect(await s.newTexts(brigitte)).toEqual([
      expect.stringMatching(/^Leçon 3\/3/),
      expect.stringMatching(/^Quiz 3 :/),
      'Pas tout à fait : la bonne réponse est 1. Les gants se retirent en premier.',
      'Félicitations, vous avez terminé le cours de recyclage sur la prévention des infections ! Votre score : 1/3.',
    ]);
    const run = await s.run(brigitte);
    expect(run.results.quiz_1?.category).toBe('No Response');
    expect(run.results.score?.value).toBe('1');
  });

  it('writes each score to FHIR as an Observation, with the quiz answers in the QuestionnaireResponse', async () => {
    const observations = await s.search<Observation>('Observation');
    expect(observations.map((o) => [o.performer?.[0]?.reference, o.code?.coding?.[0]?.code, o.valueQuantity?.value]).sort()).toEqual([
      ['Practitioner/hw-1', 'ipc-refresher-score', 2],
      ['Practitioner/hw-2', 'ipc-refresher-score', 1],
    ]);
    const qr = (await s.search<QuestionnaireResponse>('QuestionnaireResponse')).find((r) => r.author?.reference === 'Practitioner/hw-1');
    expect(qr?.item?.find((i) => i.linkId === 'quiz_2')?.answer?.[0]?.valueCoding).toMatchObject({ code: 'wrong' });
  });
});
