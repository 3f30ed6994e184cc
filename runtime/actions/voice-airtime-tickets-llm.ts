/**
 * Schemas of the out-of-scope action types (see ./out-of-scope.ts): they are validated like any other
 * action so broken ones are reported, then skipped at run time with an error event.
 */
import { z } from 'zod';
import { actionBase, optionalResultNameSchema, referenceSchema, templateSchema } from './schema-parts.js';
import { outOfScopeAction } from './out-of-scope.js';

export const sayMsg = outOfScopeAction(
  'say_msg',
  'voice',
  z.object({ ...actionBase, type: z.literal('say_msg'), text: templateSchema.min(1, { message: 'is required' }), audio_url: z.string().optional() }),
  { localizable: ['text', 'audio_url'], evaluated: ['text'] },
);

export const playAudio = outOfScopeAction(
  'play_audio',
  'voice',
  z.object({ ...actionBase, type: z.literal('play_audio'), audio_url: templateSchema.min(1, { message: 'is required' }) }),
  { localizable: ['audio_url'], evaluated: ['audio_url'] },
);

export const transferAirtime = outOfScopeAction(
  'transfer_airtime',
  'airtime',
  z.object({
    ...actionBase,
    type: z.literal('transfer_airtime'),
    amounts: z.record(z.string(), z.number().finite().min(0, { message: 'is out of range' }).max(1e15, { message: 'is out of range' })),
    result_name: optionalResultNameSchema,
  }),
  { resultField: 'result_name' },
);

export const openTicket = outOfScopeAction(
  'open_ticket',
  'tickets',
  z.object({
    ...actionBase,
    type: z.literal('open_ticket'),
    topic: referenceSchema.nullable().optional(),
    assignee: z.record(z.string(), z.unknown()).nullable().optional(),
    note: templateSchema.optional(),
    result_name: optionalResultNameSchema,
  }),
  { evaluated: ['note'], resultField: 'result_name' },
);

export const callLlm = outOfScopeAction(
  'call_llm',
  'llm',
  z.object({
    ...actionBase,
    type: z.literal('call_llm'),
    llm: referenceSchema,
    instructions: templateSchema,
    input: templateSchema,
    output_local: z.string().min(1),
  }),
  { evaluated: ['instructions', 'input'], localField: 'output_local' },
);

export const requestOptin = outOfScopeAction(
  'request_optin',
  'optins',
  z.object({ ...actionBase, type: z.literal('request_optin'), optin: referenceSchema }),
);
