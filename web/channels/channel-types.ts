/**
 * Shapes the channel pages share (from the API's outputs) and small pure helpers: i18n keys of config
 * fields, building a config object from form values, and absolute webhook URLs.
 *
 * Example: `fieldLabelKey('reengagement_template.name')` → "channels.fields.reengagement_template_name";
 * `configFromValues(fields, { 'reengagement_template.name': 'kiunga', timeout_ms: '5000' })` → `{ reengagement_template: { name: 'kiunga' }, timeout_ms: 5000 }`.
 */
import type { ApiOutputs } from '../api/trpc-client.js';

export type ChannelItem = ApiOutputs['messaging']['channels']['list'][number];
export type ProviderSetup = ApiOutputs['messaging']['channels']['types'][number];
export type SetupField = ProviderSetup['fields'][number];
export type TrafficMessage = ApiOutputs['messaging']['channels']['traffic']['messages'][number];

/** Form values by field key: text inputs give strings, checkboxes booleans. */
export type FormValues = Record<string, string | boolean>;

export function fieldLabelKey(key: string): string {
  return `channels.fields.${key.replace(/\./g, '_')}`;
}

/** The config to send: blanks left out (the server keeps stored secrets and applies defaults), numbers parsed, dotted keys nested. */
export function configFromValues(fields: readonly SetupField[], values: FormValues): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = values[field.key];
    if (raw === undefined || raw === '') continue;
    let value: unknown = raw;
    if (field.kind === 'number') value = Number(raw);
    if (field.kind === 'boolean') value = raw === true;
    const path = field.key.split('.');
    let target = config;
    for (const part of path.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
    target[path.at(-1)!] = value;
  }
  return config;
}

/** Form values of a stored channel's public config (secrets stay empty: write-only). */
export function valuesFromConfig(fields: readonly SetupField[], config: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    if (field.kind === 'secret') continue;
    let value: unknown = config;
    for (const part of field.key.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
    if (value === undefined || value === null) continue;
    values[field.key] = field.kind === 'boolean' ? value === true : String(value);
  }
  return values;
}

/** The URL a provider must call: the server's public URL when known, else this page's origin. */
export function absoluteUrl(base: string | null | undefined, path: string): string {
  return `${(base || window.location.origin).replace(/\/+$/, '')}${path}`;
}

/** "content-type:url" → its parts (the URL keeps its own colons). */
export function splitAttachment(attachment: string): { contentType: string; url: string } {
  const match = /^([^:]+?):((?:https?:)?\/.*)$/i.exec(attachment);
  return match ? { contentType: match[1]!.toLowerCase(), url: match[2]! } : { contentType: '', url: attachment };
}
