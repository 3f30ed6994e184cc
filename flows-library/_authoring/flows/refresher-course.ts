/**
 * (f) Refresher training course on infection prevention: three lessons, one a day, each followed by a quiz
 * question; correct answers add to a score (`@locals.score`), saved as the "Score" result, and the course
 * ends with a completion message giving the score. The next lesson comes after a day, or at once when the
 * health worker replies; a quiz not answered within a day counts as not answered and the course goes on.
 */
import { choice, msg, NO_RESPONSE, setLocal, setResult, type Bilingual, type NodeSpec } from '../builder.js';
import type { LibraryEntrySpec } from '../entry.js';

const DAY = 86_400;
const CHOICES: Bilingual[] = [{ en: '1', fr: '1' }, { en: '2', fr: '2' }, { en: '3', fr: '3' }];

/** A lesson and its quiz: `lesson<n>` sends both, `quiz<n>` waits, then feedback and `pause<n>` (or `finish`). */
function lesson(n: number, total: number, lessonText: Bilingual, quizText: Bilingual, correct: number, explanation: Bilingual): NodeSpec[] {
  const after = n < total ? `pause${n}` : 'finish';
  // a quiz left unanswered for a day: the next lesson is already due
  const afterTimeout = n < total ? `lesson${n + 1}` : 'finish';
  const wrong = [1, 2, 3].filter((c) => c !== correct).join(' ');
  return [
    { key: `lesson${n}`, actions: [msg(lessonText), msg(quizText, CHOICES)], next: `quiz${n}` },
    {
      key: `quiz${n}`,
      router: {
        operand: '@input.text', result: `Quiz ${n}`, wait: { timeout: { seconds: DAY, to: afterTimeout, name: NO_RESPONSE } },
        categories: [
          { name: { en: 'Correct', fr: 'Correct' }, to: `right${n}`, cases: [{ test: 'has_any_word', args: [String(correct)] }] },
          { name: { en: 'Wrong', fr: 'Faux' }, to: `wrong${n}`, cases: [{ test: 'has_any_word', args: [wrong] }] },
        ],
        other: { to: `retry${n}` },
      },
    },
    { key: `retry${n}`, actions: [msg({ en: 'Please reply 1, 2 or 3.', fr: 'Répondez 1, 2 ou 3.' }, CHOICES)], next: `quiz${n}` },
    { key: `right${n}`, actions: [setLocal('score', '1', 'increment'), msg({ en: `Correct! ${explanation.en}`, fr: `Bonne réponse ! ${explanation.fr}` })], next: after },
    { key: `wrong${n}`, actions: [msg({ en: `Not quite: the answer is ${correct}. ${explanation.en}`, fr: `Pas tout à fait : la bonne réponse est ${correct}. ${explanation.fr}` })], next: after },
    ...(n < total
      ? [
          {
            key: after,
            actions: [msg({ en: `Lesson ${n + 1} of ${total} comes tomorrow. Reply NEXT to get it now.`, fr: `La leçon ${n + 1} sur ${total} arrive demain. Répondez SUITE pour la recevoir maintenant.` })],
            next: `${after}_wait`,
          },
          // any reply, or a day without one, brings the next lesson
          { key: `${after}_wait`, router: { operand: '@input.text', wait: { timeout: { seconds: DAY, to: `lesson${n + 1}` } }, categories: [], other: { to: `lesson${n + 1}` } } },
        ]
      : []),
  ];
}

export const refresherCourse: LibraryEntrySpec = {
  manifest: {
    title: { en: 'Refresher course: infection prevention (3 days)', fr: 'Cours de recyclage : prévention des infections (3 jours)' },
    description: {
      en: 'A three-day refresher course by SMS: one lesson a day (hand hygiene, sharps and waste, protective equipment), each followed by a quiz question. The score is a result and a FHIR Observation; the course ends with a completion message giving the score. Health workers can reply NEXT to get the next lesson at once.',
      fr: 'Un cours de recyclage de trois jours par SMS : une leçon par jour (hygiène des mains, objets piquants et déchets, équipements de protection), chacune suivie d’une question de quiz. Le score est un résultat et une Observation FHIR ; le cours se termine par un message de fin avec le score. Les agents peuvent répondre SUITE pour recevoir tout de suite la leçon suivante.',
    },
    use_case: 'training',
    audience: 'health_worker',
    started_by: 'flow_start',
    contact_fields: [],
  },
  flow: {
    id: 'refresher-course',
    uuid: '3b0e1c52-6a51-4d3e-9d0e-1a2b3c4d5e06',
    name: 'Refresher course: infection prevention',
    expireAfterMinutes: 3 * 24 * 60,
    extra: {
      _kiunga: {
        fhir_writeback: {
          questionnaire_response: true,
          observations: [{ result: 'Score', code: 'ipc-refresher-score', system: 'http://moh.example.org/fhir/CodeSystem/training', display: 'Infection prevention refresher quiz score (out of 3)', unit: '{score}' }],
        },
      },
    },
    nodes: [
      {
        key: 'welcome',
        actions: [
          setLocal('score', '0'),
          msg({ en: 'Welcome to the Ministry of Health refresher course on infection prevention: 3 lessons, one a day, each with a quiz question.', fr: 'Bienvenue au cours de recyclage du ministère de la Santé sur la prévention des infections : 3 leçons, une par jour, chacune avec une question de quiz.' }),
        ],
        next: 'lesson1',
      },
      ...lesson(
        1, 3,
        { en: 'Lesson 1/3, hand hygiene: clean your hands before and after touching a patient, before a clean procedure and after contact with body fluids. An alcohol hand rub takes 20 to 30 seconds.', fr: 'Leçon 1/3, hygiène des mains : lavez-vous les mains avant et après avoir touché un patient, avant un geste propre et après un contact avec des liquides biologiques. Une friction hydro-alcoolique dure 20 à 30 secondes.' },
        { en: 'Quiz 1: how long should an alcohol hand rub last? Reply 1 (5 seconds), 2 (20 to 30 seconds) or 3 (2 minutes).', fr: 'Quiz 1 : combien de temps dure une friction hydro-alcoolique ? Répondez 1 (5 secondes), 2 (20 à 30 secondes) ou 3 (2 minutes).' },
        2,
        { en: 'A hand rub takes 20 to 30 seconds.', fr: 'Une friction dure 20 à 30 secondes.' },
      ),
      ...lesson(
        2, 3,
        { en: 'Lesson 2/3, sharps and waste: put used needles straight into a sharps box, never recap them, and close the box when it is three-quarters full.', fr: 'Leçon 2/3, objets piquants et déchets : jetez les aiguilles usagées directement dans une boîte de sécurité, sans les recapuchonner, et fermez la boîte remplie aux trois quarts.' },
        { en: 'Quiz 2: where does a used needle go? Reply 1 (general waste), 2 (sharps box) or 3 (recap it first).', fr: 'Quiz 2 : où va une aiguille usagée ? Répondez 1 (déchets ordinaires), 2 (boîte de sécurité) ou 3 (la recapuchonner d’abord).' },
        2,
        { en: 'Used needles go straight into the sharps box.', fr: 'Les aiguilles usagées vont directement dans la boîte de sécurité.' },
      ),
      ...lesson(
        3, 3,
        { en: 'Lesson 3/3, protective equipment: take off gloves first, then the gown, then eye protection and the mask, cleaning your hands between each step.', fr: 'Leçon 3/3, équipements de protection : retirez d’abord les gants, puis la blouse, puis la protection oculaire et le masque, en vous lavant les mains entre chaque étape.' },
        { en: 'Quiz 3: what do you take off first? Reply 1 (gloves), 2 (mask) or 3 (gown).', fr: 'Quiz 3 : que retirez-vous en premier ? Répondez 1 (gants), 2 (masque) ou 3 (blouse).' },
        1,
        { en: 'Gloves come off first.', fr: 'Les gants se retirent en premier.' },
      ),
      {
        key: 'finish',
        actions: [
          setResult('Score', '@locals.score'),
          setResult('Completion', 'completed', { en: 'Completed', fr: 'Terminé' }),
          msg({ en: 'Congratulations, you have completed the infection prevention refresher course! Your score: @locals.score/3.', fr: 'Félicitations, vous avez terminé le cours de recyclage sur la prévention des infections ! Votre score : @locals.score/3.' }),
        ],
        next: null,
      },
    ],
  },
};
