/**
 * Legacy actions (inside `action_sets`) → current actions.
 *
 *   migrateLegacyAction({ type: 'reply', uuid, msg: { eng: 'Hi @contact.first_name' } }, ctx)
 *   // { type: 'send_msg', uuid, text: 'Hi @contact.first_name' }
 */
import { asArray, isObject, type JsonObject } from '../json.js';
import { URN_SCHEMES } from './context-references.js';
import { migrateLegacyText } from './expressions.js';
import { baseText, readTranslations, transposeTranslations, type LocalizationBuilder, type Translations } from './translations.js';

/** Example: `{ baseLanguage: 'eng', localization: new LocalizationBuilder(), newUuid, baseMediaUrl: '' }`. */
export interface LegacyContext {
  baseLanguage: string;
  localization: LocalizationBuilder;
  newUuid: () => string;
  baseMediaUrl: string;
}

export class LegacyMigrationError extends Error {}

/** Joins a base URL and a relative path with one slash; absolute URLs are left alone. */
export function urlJoin(base: string, relative: string): string {
  if (relative.startsWith('http://') || relative.startsWith('https://')) return relative;
  return `${base.replace(/\/$/, '')}/${relative.replace(/^\//, '')}`;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** Group/label references: objects with a UUID stay references; names and `@expressions` become name_match. */
function migrateVariableReference(ref: unknown): JsonObject {
  if (typeof ref === 'string') return { name_match: ref.startsWith('@') ? migrateLegacyText(ref) : ref };
  const obj = isObject(ref) ? ref : {};
  if (typeof obj.uuid === 'string' && obj.uuid) return { uuid: obj.uuid, name: str(obj.name) };
  const name = str(obj.name);
  return { name_match: name.startsWith('@') ? migrateLegacyText(name) : name };
}

function contactRefs(value: unknown): JsonObject[] {
  return asArray(value).filter(isObject).map((c) => ({ uuid: str(c.uuid), name: str(c.name) }));
}

function flowRef(value: unknown): JsonObject {
  const obj = isObject(value) ? value : {};
  return { uuid: str(obj.uuid), name: str(obj.name) };
}

function variables(action: JsonObject): string[] {
  return asArray(action.variables).filter(isObject).map((v) => str(v.id));
}

/** reply/send: text, media (attachments) and quick replies, all translatable. */
function migrateMessage(action: JsonObject, uuid: string, ctx: LegacyContext): { text: string; attachments: string[]; quickReplies: string[] } {
  const msg = readTranslations(action.msg);
  const media: Translations = readTranslations(action.media);
  for (const [lang, attachment] of Object.entries(media)) {
    const colon = attachment.indexOf(':');
    // "image/jpeg:path" → type and path; a bare path is an image
    const [type, url] = colon >= 0 ? [attachment.slice(0, colon), attachment.slice(colon + 1)] : ['image', attachment];
    // uploads are stored relative to the media server; expressions are left alone
    if (!url.includes('@')) media[lang] = `${type}:${urlJoin(ctx.baseMediaUrl, url)}`;
  }
  const quickReplyItems = asArray(action.quick_replies).map(readTranslations);
  const text = ctx.localization.addMap(ctx.baseLanguage, msg, uuid, 'text');
  const attachment = ctx.localization.addMap(ctx.baseLanguage, media, uuid, 'attachments');
  const quickReplies = quickReplyItems.length
    ? ctx.localization.addListMap(ctx.baseLanguage, transposeTranslations(quickReplyItems), uuid, 'quick_replies')
    : [];
  return { text, attachments: attachment ? [attachment] : [], quickReplies };
}

export function migrateLegacyAction(action: JsonObject, ctx: LegacyContext): JsonObject {
  // some very old actions have no UUID: give them one rather than refusing the flow
  const uuid = str(action.uuid) || ctx.newUuid();
  const type = str(action.type);
  switch (type) {
    case 'add_label':
      return { uuid, type: 'add_input_labels', labels: asArray(action.labels).map(migrateVariableReference) };
    case 'email':
      return {
        uuid, type: 'send_email',
        addresses: asArray(action.emails).map((e) => migrateLegacyText(str(e))),
        subject: migrateLegacyText(str(action.subject)),
        body: migrateLegacyText(str(action.msg)),
      };
    case 'lang':
      return { uuid, type: 'set_contact_language', language: str(action.lang) };
    case 'channel':
      return { uuid, type: 'set_contact_channel', channel: { uuid: str(action.channel), name: str(action.name) } };
    case 'flow':
      return { uuid, type: 'enter_flow', flow: flowRef(action.flow), terminal: true };
    case 'trigger-flow': {
      const vars = variables(action);
      const out: JsonObject = { uuid, type: 'start_session', flow: flowRef(action.flow) };
      const contacts = contactRefs(action.contacts);
      const groups = asArray(action.groups).map(migrateVariableReference);
      const legacyVars = vars.filter((v) => v !== '@new_contact').map((v) => migrateLegacyText(v));
      if (contacts.length) out.contacts = contacts;
      if (groups.length) out.groups = groups;
      if (legacyVars.length) out.legacy_vars = legacyVars;
      if (vars.includes('@new_contact')) out.create_contact = true;
      return out;
    }
    case 'reply':
    case 'send': {
      const { text, attachments, quickReplies } = migrateMessage(action, uuid, ctx);
      const out: JsonObject = { uuid, type: type === 'reply' ? 'send_msg' : 'send_broadcast', text };
      if (attachments.length) out.attachments = attachments;
      if (quickReplies.length) out.quick_replies = quickReplies;
      if (type === 'reply') {
        if (action.send_all === true) out.all_urns = true;
        return out;
      }
      const contacts = contactRefs(action.contacts);
      const groups = asArray(action.groups).map(migrateVariableReference);
      const legacyVars = variables(action).map((v) => migrateLegacyText(v));
      if (contacts.length) out.contacts = contacts;
      if (groups.length) out.groups = groups;
      if (legacyVars.length) out.legacy_vars = legacyVars;
      return out;
    }
    case 'add_group':
      return { uuid, type: 'add_contact_groups', groups: asArray(action.groups).map(migrateVariableReference) };
    case 'del_group': {
      const groups = asArray(action.groups).map(migrateVariableReference);
      return groups.length ? { uuid, type: 'remove_contact_groups', groups } : { uuid, type: 'remove_contact_groups', all_groups: true };
    }
    case 'save': {
      const field = str(action.field);
      let value = migrateLegacyText(str(action.value));
      if (field === 'name' || field === 'first_name') {
        // setting only the first name is emulated by keeping the rest of the current name
        if (field === 'first_name') value = `${value.trim()} @(word_slice(contact.name, 1, -1))`;
        return { uuid, type: 'set_contact_name', name: value };
      }
      if (URN_SCHEMES.includes(field)) return { uuid, type: 'add_contact_urn', scheme: field, path: value };
      if (field === 'tel_e164') return { uuid, type: 'add_contact_urn', scheme: 'tel', path: value };
      return { uuid, type: 'set_contact_field', field: { key: field, name: str(action.label) }, value };
    }
    case 'say': {
      const recording = readTranslations(action.recording);
      for (const [lang, url] of Object.entries(recording)) if (url) recording[lang] = urlJoin(ctx.baseMediaUrl, url);
      const text = ctx.localization.addMap(ctx.baseLanguage, readTranslations(action.msg), uuid, 'text');
      const audio = ctx.localization.addMap(ctx.baseLanguage, recording, uuid, 'audio_url');
      return audio ? { uuid, type: 'say_msg', text, audio_url: audio } : { uuid, type: 'say_msg', text };
    }
    case 'play':
      return { uuid, type: 'play_audio', audio_url: migrateLegacyText(str(action.url)) };
    default:
      throw new LegacyMigrationError(`legacy action type '${type}' can't be migrated`);
  }
}

export { baseText };
