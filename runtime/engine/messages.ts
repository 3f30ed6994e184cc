/**
 * Building outgoing messages as goflow does: localized + evaluated content, the URN and channel it
 * goes out on, and its locale ("eng-US": language of the text used + country of channel or workspace).
 *
 *   const content = evaluateMsgContent(run, action.uuid, action.text, action.attachments, action.quick_replies);
 *   run.emit({ type: 'msg_created', msg: buildOutgoingMsg(run, content) });
 */
import type { ActionRuntime } from './runtime-types.js';
import { formatUrn, parseUrn } from './urns.js';
import type { Contact } from './api.js';
import type { AssetIndex } from './assets.js';

export const MAX_ATTACHMENT_LENGTH = 2048;
export const MAX_QUICK_REPLY_LENGTH = 64;
export const MAX_QUICK_REPLY_EXTRA_LENGTH = 1000;

/** A quick reply as it appears in msg JSON. Example: `{ "type": "text", "text": "Yes" }`. */
export interface QuickReply {
  type: 'text';
  text: string;
  extra?: string;
}

export interface MsgContent {
  text: string;
  attachments: string[];
  quick_replies: QuickReply[];
  /** Language of the translation actually used (the flow's language for untranslated text). */
  language: string;
}

const ATTACHMENT_PATTERN = /^[-a-z0-9]+(\/[-a-z0-9.+]+)?:\S+/i;

function truncateEllipsis(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 3).join('')}...`;
}

/** Localizes then evaluates text, attachments and quick replies of a message-sending action. */
export function evaluateMsgContent(
  run: ActionRuntime,
  itemUuid: string,
  text: string,
  attachments: string[] | undefined,
  quickReplies: string[] | undefined,
  language?: string,
): MsgContent {
  const localizedText = language ? run.localizeIn(language, itemUuid, 'text', [text]) : run.localize(itemUuid, 'text', [text]);
  const evaluatedText = run.evaluate(localizedText.values[0] ?? '');

  const localizedAttachments = language
    ? run.localizeIn(language, itemUuid, 'attachments', attachments ?? [])
    : run.localize(itemUuid, 'attachments', attachments ?? []);
  const evaluatedAttachments: string[] = [];
  for (const template of localizedAttachments.values) {
    const value = run.evaluate(template).trim();
    if (!ATTACHMENT_PATTERN.test(value)) {
      run.error('Attachment evaluated to invalid value and will be ignored');
      continue;
    }
    if (value.length > MAX_ATTACHMENT_LENGTH) {
      run.error(`Evaluated attachment is longer than the ${MAX_ATTACHMENT_LENGTH} limit and will be ignored`);
      continue;
    }
    evaluatedAttachments.push(value);
  }

  const localizedQuickReplies = language
    ? run.localizeIn(language, itemUuid, 'quick_replies', quickReplies ?? [])
    : run.localize(itemUuid, 'quick_replies', quickReplies ?? []);
  const evaluatedQuickReplies: QuickReply[] = [];
  for (const template of localizedQuickReplies.values) {
    const value = run.evaluate(template);
    if (value.trim() === '') {
      run.error('Quick reply evaluated to empty string and will be ignored');
      continue;
    }
    const [label, ...rest] = value.split('<extra>');
    const reply: QuickReply = { type: 'text', text: truncateEllipsis(label!, MAX_QUICK_REPLY_LENGTH) };
    if (rest.length > 0) reply.extra = truncateEllipsis(rest.join('<extra>'), MAX_QUICK_REPLY_EXTRA_LENGTH);
    evaluatedQuickReplies.push(reply);
  }

  // one language for the whole message, from the part the author actually wrote
  let lang = localizedText.language;
  if ((localizedText.values[0] ?? '') === '') {
    if (localizedAttachments.values.length > 0) lang = localizedAttachments.language;
    else if (localizedQuickReplies.values.length > 0) lang = localizedQuickReplies.language;
  }
  return { text: evaluatedText, attachments: evaluatedAttachments, quick_replies: evaluatedQuickReplies, language: lang };
}

/** The channel and URN a message to the contact goes out on, or null when there is no route. */
export function resolveDestination(run: ActionRuntime): Destination | null {
  return destinationOf(run.contact, run.assets);
}

/** A URN and the channel that would send to it. */
export interface Destination {
  urn: string;
  channel: { uuid: string; name: string; address?: string; country?: string };
}

/** goflow's preferred destination: the first URN some sending channel can reach, with that channel. */
export function destinationOf(contact: Contact, assets: AssetIndex): Destination | null {
  return destinationsOf(contact, assets, false)[0] ?? null;
}

/** Every reachable URN with its channel (`all`), or just the first. */
export function destinationsOf(contact: Contact, assets: AssetIndex, all: boolean): Destination[] {
  const out: Destination[] = [];
  for (const raw of contact.urns ?? []) {
    const urn = parseUrn(raw);
    const params = new URLSearchParams(urn.query);
    const pinned = params.get('channel');
    let channel = pinned ? assets.channel(pinned) : null;
    if (channel && !(channel.roles.includes('send') && channel.schemes.includes(urn.scheme))) channel = null;
    channel ??= assets.channelForScheme(urn.scheme);
    if (channel) {
      out.push({
        urn: formatUrn({ ...urn, query: '' }),
        channel: { uuid: channel.uuid, name: channel.name, ...(channel.address ? { address: channel.address } : {}), ...(channel.country ? { country: channel.country } : {}) },
      });
      if (!all) break;
    }
  }
  return out;
}

/** goflow's msg JSON for msg_created. */
export function buildOutgoingMsg(
  run: ActionRuntime,
  content: MsgContent,
  extra: Record<string, unknown> = {},
  localeOverride?: string,
  to: Destination | null = resolveDestination(run),
): Record<string, unknown> {
  const destination = to;
  const country = run.environment.default_country ?? destination?.channel.country ?? null;
  const locale = localeOverride ?? (content.language ? (country ? `${content.language}-${country}` : content.language) : undefined);
  const msg: Record<string, unknown> = {};
  if (destination) {
    msg.urn = run.redactUrn(destination.urn);
    msg.channel = { uuid: destination.channel.uuid, name: destination.channel.name };
  }
  msg.text = content.text;
  if (content.attachments.length > 0) msg.attachments = content.attachments;
  if (content.quick_replies.length > 0) msg.quick_replies = content.quick_replies;
  Object.assign(msg, extra);
  if (locale) msg.locale = locale;
  const status = run.contact.status ?? 'active';
  if (status === 'blocked') msg.unsendable_reason = 'contact_blocked';
  else if (status === 'stopped') msg.unsendable_reason = 'contact_stopped';
  else if (!destination) msg.unsendable_reason = 'no_route';
  return msg;
}
