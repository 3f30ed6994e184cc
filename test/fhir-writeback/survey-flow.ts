/**
 * A small health-worker survey used by the write-back tests: facility lookup (kiunga_fhir_read), four
 * questions (integer, decimal, open-choice, date), a Flag written from a JSON template when the fridge is
 * broken, and `_kiunga.fhir_writeback` asking for a QuestionnaireResponse plus two Observations.
 *
 *   const flow = surveyFlow();  assets = { flows: [flow] }
 */
import type { Flow } from '../../runtime/definition/types.js';

let n = 0;
/** Deterministic UUIDs (valid 8-4-4-4-12 hex). */
export function id(): string {
  n++;
  return `10000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** A node that asks `text`, waits, and saves `result` through `cases` (category name → [test, args]). */
function question(text: string, result: string, cases: [string, string, string[]][], next: string | null, opts: { uuid?: string; actions?: Flow['nodes'][number]['actions'] } = {}) {
  const exit = id();
  const otherExit = id();
  const categories = new Map<string, string>();
  for (const [category] of cases) if (!categories.has(category)) categories.set(category, id());
  const other = id();
  return {
    uuid: opts.uuid ?? id(),
    actions: [...(opts.actions ?? []), { type: 'send_msg', uuid: id(), text }],
    router: {
      type: 'switch',
      operand: '@input.text',
      wait: { type: 'msg' },
      result_name: result,
      cases: cases.map(([category, test, args]) => ({ uuid: id(), type: test, arguments: args, category_uuid: categories.get(category)! })),
      categories: [
        ...[...categories].map(([name, uuid]) => ({ uuid, name, exit_uuid: exit })),
        { uuid: other, name: 'Other', exit_uuid: otherExit },
      ],
      default_category_uuid: other,
    },
    exits: [
      { uuid: exit, destination_uuid: next },
      { uuid: otherExit, destination_uuid: next },
    ],
  };
}

export const FLOW_UUID = 'a0f1c2d3-0000-4000-8000-00000000f10e';
export const WRITEBACK = {
  questionnaire_response: true,
  observations: [
    { result: 'Weight', code: '29463-7', system: 'http://loinc.org', display: 'Body weight', unit: 'kg' },
    { result: 'BCG Doses', code: 'bcg-doses-on-hand', system: 'http://moh.example.org/fhir/CodeSystem/stock', unit: '{doses}' },
  ],
};

export function surveyFlow(writeback: unknown = WRITEBACK): Flow {
  const [q1, q2, q3, q4, flag] = [id(), id(), id(), id(), id()];
  const flagExit = id();
  return {
    uuid: FLOW_UUID,
    name: 'Stock survey',
    spec_version: '14.4.2',
    language: 'eng',
    type: 'messaging',
    revision: 3,
    expire_after_minutes: 1440,
    localization: {},
    _kiunga: { fhir_writeback: writeback },
    nodes: [
      question('Facility: @results.facility.extra.name. How many BCG doses?', 'BCG Doses', [['Valid', 'has_number_between', ['0', '5000']]], q2, {
        uuid: q1,
        actions: [{ type: 'kiunga_fhir_read', uuid: id(), connection: null, query: 'Location/@fields.facility_id', result_name: 'Facility' }],
      }),
      question('Weight of the last child weighed (kg)?', 'Weight', [['Number', 'has_number', []]], q3, { uuid: q2 }),
      question('Is the fridge working?', 'Fridge', [['Yes', 'has_any_word', ['yes']], ['No', 'has_any_word', ['no']]], q4, { uuid: q3 }),
      question('Date of the last delivery?', 'Delivery', [['Date', 'has_date', []]], flag, { uuid: q4 }),
      {
        uuid: flag,
        actions: [
          {
            type: 'kiunga_fhir_write',
            uuid: id(),
            // a template object: every string is a template, values stay JSON-safe whatever the reply holds
            resource: {
              resourceType: 'Flag',
              status: 'active',
              code: { text: 'Fridge report: @results.fridge.input' },
              subject: { reference: 'Location/@fields.facility_id' },
              author: { reference: '@fields.fhir_ref' },
            },
            result_name: 'Flag',
          },
        ],
        exits: [{ uuid: flagExit, destination_uuid: null }],
      },
    ] as Flow['nodes'],
  };
}
