/**
 * What the setup page needs to add a channel of each provider type: its config fields (read from the
 * provider's zod config schema, so the form and the validation never disagree), which of them are secrets
 * (write-only: the API never returns them), its default URN schemes and the webhook actions to paste into the
 * provider's console.
 *
 * Example: `providerSetups().find((p) => p.type === 'twilio')` →
 *   { type: "twilio", provider: "twilio", schemes: ["tel", "whatsapp"], webhookActions: ["receive", "status"],
 *     fields: [{ key: "account_sid", kind: "text", required: true, pattern: "^AC[0-9a-fA-F]{32}$", advanced: false }, { key: "auth_token", kind: "secret", … }, …] }
 */
import { z } from 'zod';
import type { ChannelType } from './types.js';
import { africasTalkingConfigSchema } from './africastalking/config.js';
import { twilioConfigSchema } from './twilio/config.js';
import { vonageConfigSchema } from './vonage/config.js';
import { genericHttpConfigSchema } from './generic-http/config.js';
import { whatsAppCloudConfigSchema } from './whatsapp-cloud/config.js';
import { messengerConfigSchema } from './messenger/config.js';
import { telegramConfigSchema } from './telegram/config.js';
import { PROVIDER_CHANNEL_TYPES, PROVIDER_WEBHOOKS } from './registry-providers.js';

/** One input of a channel form. Nested config objects are flattened with a dot: "reengagement_template.name". */
export interface SetupField {
  key: string;
  kind: 'text' | 'secret' | 'number' | 'boolean' | 'select';
  required: boolean;
  options?: string[];
  defaultValue?: string | number | boolean;
  /** A regular expression the value must match (shown as a hint; the server validates anyway). */
  pattern?: string;
  minLength?: number;
  /** Fields most deployments leave alone (API base URLs for emulators, timeouts): folded away in the form. */
  advanced: boolean;
}

/** The form and console instructions of one provider type. */
export interface ProviderSetup {
  type: string;
  /** The folder in webhook URLs. */
  provider: string;
  schemes: string[];
  webhookActions: string[];
  /** True when Kiunga can register the webhook with the provider itself (Telegram's setWebhook). */
  canRegisterWebhooks: boolean;
  fields: SetupField[];
}

const SCHEMAS: Record<string, z.ZodType> = {
  africastalking: africasTalkingConfigSchema,
  twilio: twilioConfigSchema,
  vonage: vonageConfigSchema,
  generic_http: genericHttpConfigSchema,
  whatsapp_cloud: whatsAppCloudConfigSchema,
  messenger: messengerConfigSchema,
  telegram: telegramConfigSchema,
};

/** Overrides of provider endpoints and tuning: useful against the emulators or a proxy, rarely otherwise. */
const ADVANCED = new Set(['base_url', 'graph_url', 'api_url', 'api_version', 'timeout_ms', 'callback_base_url']);
/** Send URLs that have a provider default are advanced; Kannel's (no default) is not. */
const ADVANCED_WITH_DEFAULT = new Set(['send_url']);

interface JsonProperty {
  type?: string;
  enum?: unknown[];
  default?: unknown;
  pattern?: string;
  minLength?: number;
  properties?: Record<string, JsonProperty>;
  required?: string[];
}

function fieldsOf(schema: z.ZodType, secrets: ReadonlySet<string>, defaults: Record<string, unknown>): SetupField[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonProperty;
  const out: SetupField[] = [];
  const visit = (props: Record<string, JsonProperty>, required: ReadonlySet<string>, prefix: string, parentRequired: boolean) => {
    for (const [name, prop] of Object.entries(props)) {
      const key = prefix + name;
      if (prop.type === 'object' && prop.properties) {
        visit(prop.properties, new Set(prop.required ?? []), `${key}.`, parentRequired && required.has(name));
        continue;
      }
      const defaultValue = (prop.default ?? defaults[key]) as SetupField['defaultValue'];
      const kind: SetupField['kind'] = secrets.has(key) ? 'secret' : prop.enum ? 'select' : prop.type === 'integer' || prop.type === 'number' ? 'number' : prop.type === 'boolean' ? 'boolean' : 'text';
      out.push({
        key,
        kind,
        // A field of an optional group is required only once the group is filled in (the server says so).
        required: parentRequired && required.has(name) && defaultValue === undefined,
        ...(prop.enum ? { options: prop.enum.map(String) } : {}),
        ...(defaultValue !== undefined ? { defaultValue } : {}),
        ...(prop.pattern ? { pattern: prop.pattern } : {}),
        ...(prop.minLength ? { minLength: prop.minLength } : {}),
        advanced: ADVANCED.has(name) || (ADVANCED_WITH_DEFAULT.has(name) && defaultValue !== undefined),
      });
    }
  };
  visit(json.properties ?? {}, new Set(json.required ?? []), '', true);
  return out;
}

/** Defaults zod's JSON schema cannot show (a default behind a transform, e.g. the provider's API URL). */
function transformedDefaults(schema: z.ZodType, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
  for (const key of keys) {
    const field = shape[key];
    if (!field) continue;
    const parsed = field.safeParse(undefined);
    if (parsed.success && parsed.data !== undefined) out[key] = parsed.data;
  }
  return out;
}

let cached: ProviderSetup[] | null = null;

export function providerSetups(): ProviderSetup[] {
  cached ??= PROVIDER_CHANNEL_TYPES.map((type: ChannelType) => {
    const schema = SCHEMAS[type.type];
    if (!schema) throw new Error(`setup forms: no config schema for channel type "${type.type}"`);
    const webhooks = PROVIDER_WEBHOOKS[type.type]!;
    const defaults = transformedDefaults(schema, ['send_url', 'base_url', 'graph_url', 'api_url']);
    return { type: type.type, provider: webhooks.provider, schemes: [...type.schemes], webhookActions: [...webhooks.actions], canRegisterWebhooks: typeof type.registerWebhooks === 'function', fields: fieldsOf(schema, new Set(type.secretConfigKeys), defaults) };
  });
  return cached;
}
