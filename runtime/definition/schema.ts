/**
 * zod schemas of the flow structure (current spec). Actions are only checked for being objects with a
 * `uuid` and `type` here; each action's own fields are checked against its type's schema from
 * runtime/actions/registry.ts (see ./validate-actions.ts), so that unknown action types are kept.
 *
 *   const parsed = flowSchema.safeParse(json);   // every problem, with paths
 */
import { z } from 'zod';
import { LIMITS } from './limits.js';
import { FLOW_TYPES } from './flow-types.js';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const uuidSchema = z.string({ error: 'must be a UUID' }).regex(UUID_PATTERN, { error: 'must be a valid UUID' });

/** Optional references may be written as "" (older editors did), meaning "none". */
const optionalUuidSchema = z.union([uuidSchema, z.literal('')]);

export const exitSchema = z.looseObject({
  uuid: uuidSchema,
  destination_uuid: optionalUuidSchema.nullish(),
});

export const categorySchema = z.looseObject({
  uuid: uuidSchema,
  name: z
    .string({ error: 'is required' })
    .min(1, { error: 'must not be empty' })
    .max(LIMITS.categoryName, { error: `must be at most ${LIMITS.categoryName} characters` }),
  exit_uuid: uuidSchema,
});

export const caseSchema = z.looseObject({
  uuid: uuidSchema,
  type: z.string({ error: 'is required' }).min(1, { error: 'is required' }),
  arguments: z.array(z.string({ error: 'must be text' }), { error: 'must be a list of texts' }).optional(),
  category_uuid: uuidSchema,
});

export const hintSchema = z.looseObject({
  type: z.enum(['image', 'video', 'audio', 'location', 'digits'], { error: 'is not a known hint type' }),
  count: z.number().int().positive().optional(),
  terminated_by: z.string().optional(),
});

export const msgWaitSchema = z.looseObject({
  type: z.literal('msg'),
  timeout: z
    .looseObject({
      seconds: z.number({ error: 'must be a number of seconds' }).int().min(1, { error: 'must be at least 1 second' }),
      category_uuid: uuidSchema,
    })
    .optional(),
  hint: hintSchema.optional(),
});

export const dialWaitSchema = z.looseObject({
  type: z.literal('dial'),
  phone: z.string({ error: 'is required' }).min(1, { error: 'is required' }),
  dial_limit_seconds: z.number().int().nonnegative().optional(),
  call_limit_seconds: z.number().int().nonnegative().optional(),
});

export const waitSchema = z.discriminatedUnion('type', [msgWaitSchema, dialWaitSchema], {
  error: 'must be a wait of type "msg" or "dial"',
});

const resultNameSchema = z
  .string({ error: 'must be text' })
  .max(LIMITS.resultName, { error: `must be at most ${LIMITS.resultName} characters` })
  .optional();

export const switchRouterSchema = z.looseObject({
  type: z.literal('switch'),
  operand: z.string({ error: 'is required' }),
  cases: z.array(caseSchema, { error: 'must be a list of cases' }).default([]),
  categories: z.array(categorySchema, { error: 'must be a list of categories' }).min(1, { error: 'needs at least one category' }),
  default_category_uuid: optionalUuidSchema.optional(),
  result_name: resultNameSchema,
  wait: waitSchema.optional(),
});

export const randomRouterSchema = z.looseObject({
  type: z.literal('random'),
  categories: z.array(categorySchema, { error: 'must be a list of categories' }).min(1, { error: 'needs at least one category' }),
  result_name: resultNameSchema,
  wait: waitSchema.optional(),
});

export const routerSchema = z.discriminatedUnion('type', [switchRouterSchema, randomRouterSchema], {
  error: 'must be a router of type "switch" or "random"',
});

/** Actions: just an object with uuid and type here; the rest is checked per type. */
export const actionShellSchema = z.looseObject({
  uuid: uuidSchema,
  type: z.string({ error: 'is required' }).min(1, { error: 'is required' }),
});

export const nodeSchema = z.looseObject({
  uuid: uuidSchema,
  actions: z.array(z.unknown(), { error: 'must be a list of actions' }).optional(),
  router: routerSchema.optional(),
  exits: z.array(exitSchema, { error: 'must be a list of exits' }).min(1, { error: 'a node needs at least one exit' }),
});

export const flowSchema = z.looseObject({
  uuid: uuidSchema,
  name: z
    .string({ error: 'is required' })
    .min(1, { error: 'must not be empty' })
    .max(LIMITS.flowName, { error: `must be at most ${LIMITS.flowName} characters` }),
  spec_version: z.string({ error: 'is required' }),
  language: z.string({ error: 'is required' }),
  type: z.enum(FLOW_TYPES as [string, ...string[]], {
    error: `is not a valid flow type (expected one of ${FLOW_TYPES.join(', ')})`,
  }),
  revision: z.number({ error: 'must be a number' }).int().nonnegative().optional(),
  expire_after_minutes: z.number({ error: 'must be a number of minutes' }).int().nonnegative().optional(),
  localization: z.record(z.string(), z.unknown(), { error: 'must be an object' }).optional(),
  nodes: z.array(z.unknown(), { error: 'must be a list of nodes' }),
  _ui: z.unknown().optional(),
});
