/**
 * Shared fixtures for the expression tests: an environment like the one goflow's function docs use
 * (America/Guayaquil, DD-MM-YYYY, tt:mm, now = 2018-04-11T13:24:30.123-05:00) and a small context.
 */
import { makeEnvironment, type EvaluationEnvironment } from '../../runtime/expressions/index.js';

export const DOCS_NOW = new Date('2018-04-11T18:24:30.123Z');

export function docsEnv(overrides: Partial<EvaluationEnvironment> = {}): EvaluationEnvironment {
  let seed = 0;
  const randoms = [0.6075520156746239, 0.48467757094734026, 0.9, 0.1];
  const env = makeEnvironment(
    { date_format: 'DD-MM-YYYY', time_format: 'tt:mm', timezone: 'America/Guayaquil', default_country: 'US' },
    { clock: { now: () => DOCS_NOW }, random: { next: () => randoms[seed++ % randoms.length] } },
  );
  return { ...env, ...overrides };
}

/** Rwanda hierarchy used by goflow's location examples. */
export const LOCATIONS = [
  {
    name: 'Rwanda',
    children: [
      {
        name: 'Kigali City',
        aliases: ['Kigali', 'Kigari'],
        children: [
          { name: 'Gasabo', children: [{ name: 'Gisozi' }, { name: 'Ndera' }] },
          { name: 'Nyarugenge', children: [{ name: 'Nyamirambo' }] },
        ],
      },
      { name: 'Eastern Province', children: [{ name: 'Rwamagana', children: [{ name: 'Nyamirambo' }] }] },
    ],
  },
];

export const CONTEXT = {
  contact: {
    __default__: 'Ryan Lewis',
    name: 'Ryan Lewis',
    uuid: '5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f',
    urn: 'tel:+12024561111',
    groups: [
      { name: 'Testers', uuid: 'b7cf0d83-f1c9-411c-96fd-c511a4cfa86d' },
      { name: 'Males', uuid: '4f1f98fc-27a7-4a69-bbdb-24744ba739a9' },
    ],
    fields: { age: 23, gender: 'Male', activation_token: 'AACC55' },
  },
  fields: { age: 23, gender: 'Male' },
  urns: { tel: 'tel:+12024561111', mailto: 'mailto:foo@bar.com' },
  results: {
    webhook: { __default__: 'Success', value: 'Success', category: 'Success', name: 'webhook' },
    intent: {
      __default__: 'book_flight',
      value: 'book a flight to Quito',
      category: 'Success',
      name: 'intent',
      extra: {
        intents: [
          { name: 'book_flight', confidence: 0.5 },
          { name: 'book_hotel', confidence: 0.25 },
        ],
        entities: { location: [{ value: 'Quito', confidence: 1 }] },
      },
    },
  },
  run: { status: 'completed' },
  input: { __default__: 'Hi there', text: 'Hi there' },
  parent: null,
  child: null,
  webhook: null,
  globals: { org_name: 'Nyaruka' },
  locals: {},
  trigger: { type: 'manual' },
  legacy_extra: {},
  node: {},
  resume: null,
};
