/**
 * Contact field types between RapidPro export files and Kiunga assets. Older exports use `label` and one-letter
 * `value_type` codes; current ones use `name` and `type`.
 *
 *   fieldTypeFromExport({ key: 'age', label: 'Age', value_type: 'N' }) // 'number'
 */
import type { ExportField } from './types.js';

export type FieldType = ExportField['type'];

const LEGACY_CODES: Record<string, FieldType> = { T: 'text', N: 'number', D: 'datetime', S: 'state', I: 'district', W: 'ward' };
const TYPES: readonly FieldType[] = ['text', 'number', 'datetime', 'state', 'district', 'ward'];

/** The field's type, or null when it is not one RapidPro knows. */
export function fieldTypeFromExport(field: Record<string, unknown>): FieldType | null {
  const type = field.type ?? field.value_type;
  if (typeof type !== 'string') return 'text'; // very old exports omit it: text is RapidPro's default
  if ((TYPES as readonly string[]).includes(type)) return type as FieldType;
  return LEGACY_CODES[type] ?? null;
}

export function fieldNameFromExport(field: Record<string, unknown>): string {
  if (typeof field.name === 'string') return field.name;
  if (typeof field.label === 'string') return field.label;
  return typeof field.key === 'string' ? field.key : '';
}
