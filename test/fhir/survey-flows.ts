/**
 * Flows the FHIR tests run: a one-question survey whose answer is written back as a QuestionnaireResponse.
 *
 * Example: `const flowId = await seedFlow(db, workspaceId, vaccinationSurvey());`
 */
import { fixedUuid } from '../messaging/flows.js';

const u = (n: number) => fixedUuid(n, 5);

/** "How many children did you vaccinate this week?" → a number → thanks; written back as a QuestionnaireResponse. */
/** The survey's flow UUID. */
export const VACCINATION_SURVEY_UUID = u(1);

export function vaccinationSurvey(): Record<string, unknown> {
  return {
    uuid: u(1),
    name: 'Weekly vaccination survey',
    spec_version: '14.4.2',
    language: 'eng',
    type: 'messaging',
    revision: 1,
    expire_after_minutes: 60,
    localization: {},
    _kiunga: { fhir_writeback: { questionnaire_response: true } },
    nodes: [
      {
        uuid: u(10),
        actions: [{ uuid: u(11), type: 'send_msg', text: 'How many children did you vaccinate this week?' }],
        router: {
          type: 'switch',
          operand: '@input.text',
          wait: { type: 'msg' },
          result_name: 'Vaccinated',
          cases: [{ uuid: u(12), type: 'has_number_between', arguments: ['0', '1000'], category_uuid: u(13) }],
          categories: [
            { uuid: u(13), name: 'Valid', exit_uuid: u(14) },
            { uuid: u(15), name: 'Other', exit_uuid: u(16) },
          ],
          default_category_uuid: u(15),
        },
        exits: [
          { uuid: u(14), destination_uuid: u(20) },
          { uuid: u(16), destination_uuid: u(20) },
        ],
      },
      { uuid: u(20), actions: [{ uuid: u(21), type: 'send_msg', text: 'Thank you, @results.vaccinated.' }], exits: [{ uuid: u(22), destination_uuid: null }] },
    ],
  };
}

