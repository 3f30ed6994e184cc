/**
 * Templates taken from goflow's runner cases (/work/shared/rapidpro/goflow-cases/*.json) with the
 * message texts goflow produced for them (*.test*.json msg_created events). The contexts here are
 * reduced to what each template reads, with the values of those cases.
 */
import { describe, expect, it } from 'vitest';
import { evaluateTemplate, makeEnvironment } from '../../runtime/expressions/index.js';

const env = makeEnvironment({ timezone: 'America/Guayaquil', default_country: 'US' }, { clock: { now: () => new Date('2018-07-06T12:30:00Z') }, random: { next: () => 0.1 } });

const contact = (extra: Record<string, unknown> = {}) => ({ __default__: 'Ben Haggerty', name: 'Ben Haggerty', ...extra });

const ROWS: [name: string, template: string, context: Record<string, unknown>, expected: string][] = [
  ['all_actions: contact name', 'Hi @contact.name, are you ready?', { contact: contact() }, 'Hi Ben Haggerty, are you ready?'],
  [
    'smart_groups: foreach with a builtin and an extra argument',
    'Current groups: @(foreach(contact.groups, extract, "name"))',
    { contact: contact({ groups: ['Stateless', 'Males', 'Has Gender', 'Has Age', 'Complicated', 'MTN Callers', 'Youth'].map((name, i) => ({ uuid: `u${i}`, name })) }) },
    'Current groups: [Stateless, Males, Has Gender, Has Age, Complicated, MTN Callers, Youth]',
  ],
  [
    'extra: an object without default prints its sorted properties',
    'Extra: @legacy_extra',
    {
      legacy_extra: {
        address: { city: 'Seattle', state: 'WA' },
        name_check: '{"0":"Ben Haggerty","1":"Ben","2":"Haggerty"}',
        0: 'Ben Haggerty', 1: 'Ben', 2: 'Haggerty',
      },
    },
    'Extra: {0: Ben Haggerty, 1: Ben, 2: Haggerty, address: {city: Seattle, state: WA}, name_check: {"0":"Ben Haggerty","1":"Ben","2":"Haggerty"}}',
  ],
  [
    'router_tests: empty values and an empty array',
    'URN Check: @results.urn_check.value\nGroup Check: @results.group_check.value',
    { results: { urn_check: { __default__: '', value: '' }, group_check: { __default__: [], value: [] } } },
    'URN Check: \nGroup Check: []',
  ],
  [
    'two_questions: TITLE of a localized category and a formatted URN',
    '@(TITLE(results.favorite_color.category_localized)) it is! Your number is @(format_urn(contact.urn))',
    { results: { favorite_color: { value: 'blue', category: 'Blue', category_localized: 'blue' } }, contact: contact({ urn: 'tel:+12065551212' }) },
    'Blue it is! Your number is (206) 555-1212',
  ],
  [
    'phone_number: concatenation inside format_urn',
    "Ok you've added @(format_urn(\"tel:\" & results.backup_phone))",
    { results: { backup_phone: { __default__: '+17184567890', value: '+17184567890' } } },
    "Ok you've added (718) 456-7890",
  ],
  [
    'triggered: parent run context and format_location',
    "Hi @contact.name you were started in this flow by @parent.contact.name from the '@parent.flow.name' flow. He is from @(format_location(parent.contact.fields.state)) and is aged @parent.results.age.value.",
    {
      contact: contact(),
      parent: {
        contact: { __default__: 'Bob', name: 'Bob', fields: { state: 'Ecuador > Esmeraldas' } },
        flow: { __default__: 'Parent Flow', name: 'Parent Flow' },
        results: { age: { __default__: '33', value: '33' } },
      },
    },
    "Hi Ben Haggerty you were started in this flow by Bob from the 'Parent Flow' flow. He is from Esmeraldas and is aged 33.",
  ],
  [
    'resthook: json of a parsed webhook body',
    'Resthook: @(json(webhook))',
    { webhook: { errors: ['bad_request'] } },
    'Resthook: {"errors":["bad_request"]}',
  ],
  [
    'redact_urns: json of a URN inside a JSON body',
    '{ "phone": @(json(urns.tel))) }',
    { urns: { tel: 'tel:+12065551212' } },
    '{ "phone": "tel:+12065551212") }',
  ],
  [
    'default_result: WORD on a result value',
    '@(WORD(results.contact_name.value, 0))',
    { results: { contact_name: { value: 'Ryan Lewis' } } },
    'Ryan',
  ],
];

describe('templates from goflow runner cases', () => {
  it.each(ROWS)('%s', (_name, template, context, expected) => {
    expect(evaluateTemplate(template, context, env)).toEqual({ text: expected, errors: [] });
  });

  it('reports division by zero as goflow does (the engine prefixes "Error evaluating expression: ")', () => {
    expect(evaluateTemplate('Hi there @(1 / 0)', {}, env)).toEqual({ text: 'Hi there ', errors: ['division by zero'] });
    expect(evaluateTemplate('@(xxxxx)', {}, env).errors).toEqual(["context has no property 'xxxxx'"]);
  });
});
