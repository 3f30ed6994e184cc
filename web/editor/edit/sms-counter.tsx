/**
 * “42 characters · 1 SMS” under a message, with the reason when a character makes it cost more
 * (UCS-2: 70 characters per SMS instead of 160).
 *
 *   <SmsCounter id="msg-count" text={text} />
 */
import { useTranslation } from 'react-i18next';
import { smsSegments } from '../model/sms-segments.js';

export function SmsCounter({ id, text }: { id: string; text: string }) {
  const { t } = useTranslation();
  const count = smsSegments(text);
  return (
    <p id={id} className="sms-counter muted" aria-live="polite">
      {t('editor.sms.count', { count: count.length })} · {t('editor.sms.segments', { count: count.segments })}
      {count.encoding === 'ucs2' && <> · {t('editor.sms.unicode')}</>}
    </p>
  );
}
