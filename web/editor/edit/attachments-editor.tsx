/**
 * The attachments of a message: upload an image, audio, video or document (checked here first with the
 * server's own rules, server/media/attachment-rules.ts, then by the server), listed with their kind, and
 * removable. Stored as RapidPro does, `content-type:url`. Every refused file says which file and why.
 *
 *   <AttachmentsEditor attachments={['image/png:https://…/9f86….png']} onChange={(next) => …} />
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/trpc-client.js';
import { useApiError } from '../../api/use-api-error.js';
import { ACCEPT, checkAttachment, formatBytes, kindOf, MAX_BYTES, parseAttachment, type AttachmentKind } from '../../../server/media/attachment-rules.js';

/** RapidPro and the channels take at most 10 attachments per message. */
const MAX_ATTACHMENTS = 10;

/** The file's bytes as base64 (without the `data:…;base64,` prefix). */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}

/** The last part of the URL, decoded: what the officer recognizes. */
function shortName(url: string): string {
  const last = url.split(/[/?#]/).filter(Boolean).pop() ?? url;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

export function AttachmentsEditor({ attachments, onChange }: { attachments: readonly string[]; onChange: (next: string[]) => void }) {
  const { t } = useTranslation();
  const describeError = useApiError();
  const ids = useId();
  const [uploading, setUploading] = useState<string | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const limits = (Object.entries(MAX_BYTES) as [AttachmentKind, number][])
    .map(([kind, bytes]) => t('attachments.limit', { kind: t(`attachments.kinds.${kind}`), size: formatBytes(bytes) }))
    .join(' · ');

  async function upload(files: File[]) {
    const problems: string[] = [];
    let next = [...attachments];
    for (const file of files) {
      if (next.length >= MAX_ATTACHMENTS) {
        problems.push(t('attachments.errors.tooMany', { file: file.name, max: MAX_ATTACHMENTS }));
        continue;
      }
      const verdict = checkAttachment({ fileName: file.name, contentType: file.type, size: file.size });
      if (!verdict.ok) {
        problems.push(
          t(`attachments.errors.${verdict.code}`, {
            file: file.name,
            type: file.type || t('attachments.unknownType'),
            size: formatBytes(file.size),
            limit: verdict.limit ? formatBytes(verdict.limit) : '',
            kind: verdict.kind ? t(`attachments.kinds.${verdict.kind}`) : '',
          }),
        );
        continue;
      }
      setUploading(file.name);
      try {
        const stored = await api.media.upload.mutate({ fileName: file.name, contentType: verdict.contentType, dataBase64: await readBase64(file) });
        next = [...next, stored.attachment];
        onChange(next);
      } catch (failure) {
        problems.push(t('attachments.errors.server', { file: file.name, detail: describeError(failure) }));
      }
    }
    setUploading(null);
    setErrors(problems);
  }

  return (
    <fieldset className="attachments-editor">
      <legend>{t('attachments.title')}</legend>
      <p className="muted small" id={`${ids}-limits`}>
        {limits}
      </p>
      {attachments.length > 0 && (
        <ul className="attachment-list">
          {attachments.map((attachment, index) => {
            const { contentType, url } = parseAttachment(attachment);
            const kind = kindOf(contentType);
            return (
              <li key={`${attachment}-${index}`} className="inline-row">
                <span className="badge">{kind ? t(`attachments.kinds.${kind}`) : contentType || t('attachments.unknownType')}</span>
                <a href={url} target="_blank" rel="noreferrer" className="attachment-name">
                  {shortName(url)}
                </a>
                <button
                  type="button"
                  className="button danger small"
                  aria-label={t('attachments.remove', { name: shortName(url) })}
                  onClick={() => onChange(attachments.filter((_item, at) => at !== index))}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <label htmlFor={`${ids}-file`} className={`button small${attachments.length >= MAX_ATTACHMENTS || uploading ? ' disabled' : ''}`}>
        {t('attachments.add')}
      </label>
      <input
        id={`${ids}-file`}
        className="visually-hidden"
        type="file"
        multiple
        accept={ACCEPT}
        aria-describedby={`${ids}-limits`}
        disabled={attachments.length >= MAX_ATTACHMENTS || !!uploading}
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          event.target.value = ''; // choosing the same file again tries again
          if (files.length) void upload(files);
        }}
      />
      {uploading && (
        <p role="status" className="muted small">
          {t('attachments.uploading', { file: uploading })}
        </p>
      )}
      {errors.length > 0 && (
        <ul className="alert error attachment-errors" role="alert">
          {errors.map((message, index) => (
            <li key={index}>{message}</li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
