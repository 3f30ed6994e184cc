/**
 * A two-lesson malaria refresher used by the course tests: lesson 1 has a multiple-choice question, lesson 2 a
 * number question and a second multiple-choice question (3 questions; a 60 % pass mark needs 2 right).
 *
 * Example: `sampleCourse({ spacing: { mode: 'days', days: 2 } })`.
 */
import type { CourseContent } from '../../server/courses/course-types.js';

export function sampleContent(overrides: Partial<CourseContent> = {}): CourseContent {
  return {
    lessons: [
      {
        id: 'l1',
        title: { eng: 'Lesson 1: testing', fra: 'Leçon 1 : dépistage' },
        text: { eng: 'Test every fever with an RDT before treating.', fra: 'Testez chaque fièvre avec un TDR avant de traiter.' },
        mediaUrl: 'https://example.org/media/rdt.jpg',
        questions: [
          {
            id: 'q1', kind: 'choice',
            prompt: { eng: 'What do you use to test a fever for malaria?', fra: 'Avec quoi testez-vous une fièvre pour le paludisme ?' },
            choices: [
              { id: 'a', text: { eng: 'A thermometer', fra: 'Un thermomètre' } },
              { id: 'b', text: { eng: 'An RDT', fra: 'Un TDR' } },
              { id: 'c', text: { eng: 'Nothing', fra: 'Rien' } },
            ],
            correctChoiceId: 'b',
          },
        ],
      },
      {
        id: 'l2',
        title: { eng: 'Lesson 2: treatment', fra: 'Leçon 2 : traitement' },
        text: { eng: 'ACT is given for 3 days.', fra: "L'ACT est donné pendant 3 jours." },
        mediaUrl: null,
        questions: [
          { id: 'q2', kind: 'number', prompt: { eng: 'For how many days is ACT given?', fra: "Pendant combien de jours donne-t-on l'ACT ?" }, answer: 3, tolerance: 0 },
          {
            id: 'q3', kind: 'choice',
            prompt: { eng: 'A child with a negative RDT gets ACT?', fra: 'Un enfant avec un TDR négatif reçoit-il un ACT ?' },
            choices: [{ id: 'y', text: { eng: 'Yes', fra: 'Oui' } }, { id: 'n', text: { eng: 'No', fra: 'Non' } }],
            correctChoiceId: 'n',
          },
        ],
      },
    ],
    passMark: 60,
    questionTimeoutHours: 12,
    spacing: { mode: 'answered' },
    completionMessage: { eng: 'Well done! You passed with @results.score of 3.', fra: 'Bravo ! Réussi avec @results.score sur 3.' },
    failMessage: { eng: 'You scored @results.score of 3. Please review the lessons.', fra: 'Score : @results.score sur 3. Revoyez les leçons.' },
    reminderMessage: { eng: 'Please continue your malaria course.', fra: 'Merci de continuer votre cours sur le paludisme.' },
    reminderAfterDays: 3,
    autoRemind: false,
    ...overrides,
  };
}

export const SAMPLE_COURSE_ID = '0193a000-0000-7000-8000-000000000001';

export function sampleCourse(overrides: Partial<CourseContent> = {}) {
  return { id: SAMPLE_COURSE_ID, title: 'Malaria refresher', languages: ['eng', 'fra'], content: sampleContent(overrides) };
}
