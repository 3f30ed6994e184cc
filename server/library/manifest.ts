/**
 * The manifest of a library template: flows-library/<id>/manifest.json. Parsing names the file and the field
 * at fault, so a broken template is reported instead of silently left out.
 *
 * Example manifest:
 *   { "id": "stock-report", "title": { "en": "Stock report", "fr": "Rapport de stock" },
 *     "description": { "en": "…", "fr": "…" }, "use_case": "stock", "languages": ["eng", "fra"] }
 */
import { z } from 'zod';

const bilingual = z.object({ en: z.string().trim().min(1, 'must not be empty'), fr: z.string().trim().min(1, 'must not be empty') });

const manifestSchema = z.looseObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lower-case letters, digits and dashes (the folder name)'),
  title: bilingual,
  description: bilingual,
  use_case: z.string().min(1, 'must not be empty'),
  languages: z.array(z.string().regex(/^[a-z]{3}$/, 'must be ISO 639-3 codes like "eng"')).min(1, 'must list at least one language'),
  audience: z.enum(['health_worker', 'patient']).optional(),
  started_by: z.enum(['flow_start', 'fhir_watcher', 'keyword']).optional(),
  contact_fields: z.array(z.string()).optional(),
  trigger_params: z.array(z.string()).optional(),
  flow_uuid: z.string().optional(),
  /** Place in the gallery (lower first); templates without one come after, by id. */
  order: z.number().int().optional(),
});

/** A parsed manifest. Fields of other tools (e.g. the FAQ's `classifier`) are kept in `extra`. */
export interface LibraryManifest {
  id: string;
  title: { en: string; fr: string };
  description: { en: string; fr: string };
  /** The use case of /work/shared/USE-CASES.md it serves, e.g. "surveillance". */
  use_case: string;
  /** ISO 639-3 codes, e.g. ["eng", "fra"]. */
  languages: string[];
  audience?: 'health_worker' | 'patient';
  started_by?: 'flow_start' | 'fhir_watcher' | 'keyword';
  /** Contact fields the flow reads, e.g. ["district", "facility"]. */
  contact_fields?: string[];
  /** `@trigger.params` a watcher passes, e.g. ["appointment.date"]. */
  trigger_params?: string[];
  flow_uuid?: string;
  /** Place in the gallery (lower first). */
  order?: number;
  extra?: Record<string, unknown>;
}

/** Parses manifest JSON text; throws `"<file>: <field>: <why>"` for the first problem. */
export function parseManifest(text: string, file: string, folder: string): LibraryManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  if (parsed.data.id !== folder) throw new Error(`${file}: id "${parsed.data.id}" must be the folder name "${folder}"`);
  const { id, title, description, use_case, languages, audience, started_by, contact_fields, trigger_params, flow_uuid, order, ...rest } = parsed.data;
  return {
    id, title, description, use_case, languages,
    ...(audience ? { audience } : {}), ...(started_by ? { started_by } : {}), ...(contact_fields ? { contact_fields } : {}),
    ...(trigger_params ? { trigger_params } : {}), ...(flow_uuid ? { flow_uuid } : {}), ...(order !== undefined ? { order } : {}),
    ...(Object.keys(rest).length ? { extra: rest } : {}),
  };
}
