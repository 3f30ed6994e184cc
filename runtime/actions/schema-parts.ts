/**
 * zod building blocks shared by the action schemas, mirroring goflow's validation rules
 * (UUID format, result name length, header limits, ...). Messages name the failing rule so that
 * `readFlow` can report "field 'result_name' is not a valid result name" style errors.
 *
 *   const schema = z.object({ uuid: uuidSchema, type: z.literal('set_run_result'), name: resultNameSchema });
 */
import { z } from 'zod';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Any 8-4-4-4-12 hex UUID (goflow accepts every version). Example: `"ad154980-7bf7-4ab8-8728-545fd6378912"`. */
export const uuidSchema = z.string().regex(UUID_PATTERN, { message: 'must be a valid UUID' });

/** A flow template: a string that may hold `@expressions`. Example: `"Hi @contact.name"`. */
export const templateSchema = z.string();

/** A reference to an asset by UUID and name. Example: `{ "uuid": "b7cf0d83-...", "name": "Testers" }`. */
export const referenceSchema = z.object({ uuid: uuidSchema, name: z.string() });

/**
 * A group or label reference: either a fixed asset or a `name_match` template resolved at run time.
 * Example: `{ "name_match": "Reporters @fields.district" }`.
 */
export const variableReferenceSchema = z.union([
  referenceSchema.extend({ name_match: z.undefined().optional() }),
  z.object({ name_match: templateSchema, uuid: z.undefined().optional() }),
]);

/** A contact field reference by key. Example: `{ "key": "age", "name": "Age" }`. */
export const fieldReferenceSchema = z.object({ key: z.string().min(1).max(36), name: z.string() });

/** Result names: 1 to 64 characters. Example: `"Favorite Color"`. */
export const resultNameSchema = z
  .string()
  .min(1, { message: 'is required' })
  .max(64, { message: 'is not a valid result name' });

export const optionalResultNameSchema = z.string().max(64, { message: 'is not a valid result name' }).optional();

/** Common fields of every action. */
export const actionBase = { uuid: uuidSchema };
