/**
 * One message attachment in the traffic list: images as thumbnails (linking to the full picture), other
 * media and documents as links named by their type, locations as coordinates.
 *
 * Example: `<AttachmentView attachment="image/jpeg:https://kiunga.example/webhooks/channels/media/ab12.jpg" />`.
 */
import { useTranslation } from 'react-i18next';
import { splitAttachment } from './channel-types.js';

export function AttachmentView({ attachment }: { attachment: string }) {
  const { t } = useTranslation();
  if (attachment.startsWith('geo:')) return <span className="attachment">{t('channels.traffic.location', { where: attachment.slice(4) })}</span>;
  const { contentType, url } = splitAttachment(attachment);
  const safe = /^(https?:)?\//i.test(url) ? url : null;
  if (!safe) return <span className="attachment">{attachment}</span>;
  if (contentType.startsWith('image/')) {
    return (
      <a className="attachment thumbnail" href={safe} target="_blank" rel="noreferrer noopener">
        <img src={safe} alt={t('channels.traffic.image')} loading="lazy" />
      </a>
    );
  }
  const kind = contentType.split('/')[0];
  const label = kind === 'audio' || kind === 'video' ? t(`channels.traffic.${kind}`) : t('channels.traffic.document', { type: contentType || '?' });
  return <a className="attachment" href={safe} target="_blank" rel="noreferrer noopener">{label}</a>;
}
