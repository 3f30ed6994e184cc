/**
 * One attachment of a message in the simulator's chat, shown as the health worker's phone would: a picture as
 * a thumbnail (opens full size), sound and video with a player, a document as a link. Attachments are
 * RapidPro's `content-type:url`. Only web addresses are shown as media or links; anything else (an expression
 * left unevaluated, a `javascript:` address) is shown as text. A picture the browser cannot load (another
 * site, refused by the page's security policy) falls back to a link.
 *
 *   <MessageAttachment attachment="image/png:/webhooks/channels/media/9f86….png" />
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kindOf, parseAttachment, type AttachmentKind } from '../../../server/media/attachment-rules.js';

/** The kind from the content type: an allowed type's kind, else by its family (`image/gif` → image), else a document. */
export function attachmentKind(contentType: string): AttachmentKind {
  const known = kindOf(contentType);
  if (known) return known;
  const family = contentType.split('/')[0];
  return family === 'image' || family === 'audio' || family === 'video' ? family : 'document';
}

/** The address when it is a web address (absolute or on this site), else null. Example: `"/media/a.png"` → `"http://host/media/a.png"`. */
export function webAddress(url: string, base: string = window.location.href): string | null {
  try {
    const parsed = new URL(url, base);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** The file's name for people: the last part of the address. Example: `"https://x/y/report.pdf?v=2"` → `"report.pdf"`. */
function fileName(url: string): string {
  try {
    const path = new URL(url).pathname;
    return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || url;
  } catch {
    return url;
  }
}

export function MessageAttachment({ attachment }: { attachment: string }) {
  const { t } = useTranslation();
  const [broken, setBroken] = useState(false);
  const { contentType, url } = parseAttachment(attachment);
  const kind = attachmentKind(contentType);
  const href = webAddress(url);
  const label = t(`simulator.attachment.${kind}`, { name: href ? fileName(href) : url });
  if (!href) {
    return <span className="message-attachment unavailable">{label}</span>;
  }
  if (kind === 'image' && !broken) {
    return (
      <a className="message-attachment image" href={href} target="_blank" rel="noopener noreferrer">
        <img src={href} alt={label} loading="lazy" onError={() => setBroken(true)} />
      </a>
    );
  }
  if (kind === 'audio') {
    return (
      <audio className="message-attachment audio" controls preload="none" src={href} aria-label={label}>
        <a href={href}>{label}</a>
      </audio>
    );
  }
  if (kind === 'video') {
    return (
      <video className="message-attachment video" controls preload="metadata" src={href} aria-label={label}>
        <a href={href}>{label}</a>
      </video>
    );
  }
  return (
    <a className="message-attachment document" href={href} target="_blank" rel="noopener noreferrer">
      {label}
    </a>
  );
}
