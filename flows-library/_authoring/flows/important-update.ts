/**
 * (a) Broadcast of an important update with acknowledgement: the update, "reply 1 if read, 2 if you have a
 * question", a question collected for the program team, one reminder after a day without reply.
 */
import { choice, msg, NO_RESPONSE, setResult, type Bilingual } from '../builder.js';
import type { LibraryEntrySpec } from '../entry.js';

const DAY = 86_400;
const ACK_CHOICES = (to: { ok: string; question: string }) => [
  choice(1, { en: 'Read', fr: 'Lu' }, { en: 'read understood yes ok', fr: 'lu compris oui ok' }, to.ok),
  choice(2, { en: 'Question', fr: 'Question' }, { en: 'question', fr: 'question' }, to.question),
];
const QUICK: Bilingual[] = [{ en: '1', fr: '1' }, { en: '2', fr: '2' }];

export const importantUpdate: LibraryEntrySpec = {
  manifest: {
    title: { en: 'Important update with acknowledgement', fr: 'Information importante avec accusé de lecture' },
    description: {
      en: 'Sends an update from the Ministry and asks each health worker to confirm they read it (1) or to send a question (2). One reminder after a day without reply; the acknowledgement and any question are results and a FHIR QuestionnaireResponse. Edit the update text before starting it.',
      fr: 'Envoie une information du ministère et demande à chaque agent de santé de confirmer sa lecture (1) ou d’envoyer une question (2). Un rappel après un jour sans réponse ; l’accusé de lecture et la question sont des résultats et une QuestionnaireResponse FHIR. Modifiez le texte de l’information avant de lancer le flux.',
    },
    use_case: 'updates',
    audience: 'health_worker',
    started_by: 'flow_start',
    contact_fields: [],
  },
  flow: {
    id: 'important-update',
    uuid: '3b0e1c52-6a51-4d3e-9d0e-1a2b3c4d5e01',
    name: 'Important update with acknowledgement',
    expireAfterMinutes: 3 * 24 * 60,
    extra: { _kiunga: { fhir_writeback: { questionnaire_response: true } } },
    nodes: [
      {
        key: 'update',
        actions: [
          msg(
            {
              en: 'Ministry of Health update: from 1 December, every malaria rapid test must be recorded in the new register. Reply 1 if you have read and understood, 2 if you have a question.',
              fr: 'Information du ministère de la Santé : à partir du 1er décembre, chaque test rapide du paludisme doit être inscrit dans le nouveau registre. Répondez 1 si vous avez lu et compris, 2 si vous avez une question.',
            },
            QUICK,
          ),
        ],
        next: 'ack',
      },
      {
        key: 'ack',
        router: {
          operand: '@input.text', result: 'Acknowledgement', wait: { timeout: { seconds: DAY, to: 'reminder' } },
          categories: ACK_CHOICES({ ok: 'thanks', question: 'ask_question' }), other: { to: 'retry' },
        },
      },
      {
        key: 'retry',
        actions: [msg({ en: 'Sorry, we did not understand. Reply 1 if you have read the update, 2 if you have a question.', fr: 'Désolé, nous n’avons pas compris. Répondez 1 si vous avez lu l’information, 2 si vous avez une question.' }, QUICK)],
        next: 'ack',
      },
      {
        key: 'reminder',
        actions: [msg({ en: 'Reminder: please confirm you read the Ministry of Health update. Reply 1 if read, 2 if you have a question.', fr: 'Rappel : merci de confirmer la lecture de l’information du ministère de la Santé. Répondez 1 si lu, 2 si vous avez une question.' }, QUICK)],
        next: 'ack_after_reminder',
      },
      {
        key: 'ack_after_reminder',
        router: {
          operand: '@input.text', result: 'Acknowledgement', wait: { timeout: { seconds: DAY, to: 'no_reply', name: NO_RESPONSE } },
          categories: ACK_CHOICES({ ok: 'thanks', question: 'ask_question' }), other: { to: 'retry' },
        },
      },
      { key: 'no_reply', actions: [setResult('Acknowledgement', 'no reply', NO_RESPONSE)], next: null },
      {
        key: 'ask_question',
        actions: [msg({ en: 'Please send your question in one message.', fr: 'Envoyez votre question en un seul message.' })],
        next: 'question',
      },
      {
        key: 'question',
        router: { operand: '@input.text', result: 'Question', wait: { timeout: { seconds: DAY, to: 'no_question' } }, categories: [], other: { to: 'question_sent' } },
      },
      {
        key: 'question_sent',
        actions: [msg({ en: 'Thank you, your question was sent to the program team. They will answer you.', fr: 'Merci, votre question a été transmise à l’équipe du programme. Elle vous répondra.' })],
        next: null,
      },
      {
        key: 'no_question',
        actions: [msg({ en: 'We did not receive your question. Reply to this number at any time to ask it.', fr: 'Nous n’avons pas reçu votre question. Vous pouvez la poser à tout moment en écrivant à ce numéro.' })],
        next: null,
      },
      {
        key: 'thanks',
        actions: [msg({ en: 'Thank you, your acknowledgement is recorded.', fr: 'Merci, votre accusé de lecture est enregistré.' })],
        next: null,
      },
    ],
  },
};
