/**
 * WhatsApp-style message templates (goflow's templates assets): when a send_msg names a template with a
 * translation for the channel the message goes out on, the message is the rendered template (header +
 * body, buttons as quick replies, media header as attachment) and carries goflow's `templating` JSON.
 *
 *   const t = renderTemplate(asset, channelUuid, ['spa', 'eng'], ['Amina', 'boy']);
 *   // { text, quick_replies, attachments, locale: 'spa', templating: { template, components, variables } }
 */
import type { TemplateAsset } from './assets.js';

/** One translation of a template. Example: `{ channel: {...}, locale: 'eng-US', components: [...], variables: [{ type: 'text' }] }`. */
export interface TemplateTranslation {
  channel: { uuid: string; name: string };
  locale: string;
  components: { name: string; type: string; content: string; variables: Record<string, number> }[];
  variables: { type: string }[];
}

export interface RenderedTemplate {
  text: string;
  quick_replies: string[];
  attachments: string[];
  locale: string;
  templating: Record<string, unknown>;
}

const ATTACHMENT = /^[-a-z0-9]+(\/[-a-z0-9.+]+)?:\S+/i;

/** The translation for the channel in the first of `languages` that has one, or null. */
export function pickTranslation(template: TemplateAsset, channelUuid: string, languages: string[]): TemplateTranslation | null {
  const forChannel = ((template.translations ?? []) as TemplateTranslation[]).filter((t) => t.channel?.uuid === channelUuid);
  for (const lang of languages) {
    const found = forChannel.find((t) => t.locale.split('-')[0] === lang);
    if (found) return found;
  }
  return null;
}

export function renderTemplate(template: TemplateAsset, translation: TemplateTranslation, values: string[]): RenderedTemplate {
  const fill = (c: TemplateTranslation['components'][number]) =>
    c.content.replace(/\{\{(\d+)\}\}/g, (_, n: string) => values[c.variables[n] ?? -1] ?? '');
  const textParts: string[] = [];
  const quickReplies: string[] = [];
  const attachments: string[] = [];
  for (const c of translation.components) {
    if (c.type === 'header/text' || c.type === 'body/text' || c.type === 'footer/text') {
      const text = fill(c);
      if (text !== '') textParts.push(text);
    } else if (c.type === 'button/quick_reply') {
      quickReplies.push(fill(c));
    } else if (c.type === 'header/media') {
      for (const index of Object.values(c.variables)) {
        const value = values[index] ?? '';
        if (ATTACHMENT.test(value)) attachments.push(value);
      }
    }
  }
  const components = translation.components
    .filter((c) => Object.keys(c.variables).length > 0)
    .map((c) => ({ name: c.name, type: c.type, variables: c.variables }));
  const variables = translation.variables.map((v, i) => ({ type: v.type, value: values[i] ?? '' }));
  return {
    text: textParts.join('\n\n'),
    quick_replies: quickReplies,
    attachments,
    locale: translation.locale,
    templating: {
      template: { uuid: template.uuid, name: template.name },
      ...(components.length ? { components } : {}),
      ...(variables.length ? { variables } : {}),
    },
  };
}
