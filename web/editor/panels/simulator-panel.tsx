/**
 * The simulator: a phone-style chat running the real engine on the server (messaging.simulator.*), with
 * effects recorded instead of performed. Shows the flow's messages, quick replies as buttons, results and
 * contact; "No reply" simulates the wait's timeout. The path taken is reported to the canvas.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MessageAttachment } from './message-attachment.js';
import type { Flow } from '../../../runtime/definition/types.js';
import { api, type ApiOutputs } from '../../api/trpc-client.js';
import { useApiError } from '../../api/use-api-error.js';
import { useSession } from '../../auth/session-context.js';
import { languageName } from '../../flows/flow-languages.js';
import { highlightFromSegments, NO_HIGHLIGHT, type PathHighlight } from '../canvas/flow-graph.js';
import { pendingQuickReplies, transcriptEntries, type TranscriptEntry } from './simulator-transcript.js';

/** One step of the path, as the engine reports it. */
interface SimSegment {
  flow_uuid?: string;
  node_uuid: string;
  exit_uuid: string;
  destination_uuid: string;
}

/** What every simulator call answers: `{ sessionUuid, status, events, segments, results, contact, effects, messages }`. */
type SimulatorAnswer = ApiOutputs['messaging']['simulator']['start'];

function isSegment(value: unknown): value is SimSegment {
  const segment = value as Partial<SimSegment> | null;
  return !!segment && typeof segment.node_uuid === 'string' && typeof segment.exit_uuid === 'string';
}

interface ResultRow {
  name: string;
  value: string;
  category: string;
}

function resultRows(results: Record<string, unknown>): ResultRow[] {
  return Object.entries(results).map(([key, raw]) => {
    const result = (raw && typeof raw === 'object' ? raw : { value: raw }) as Record<string, unknown>;
    return {
      name: String(result.name ?? key),
      value: String(result.value ?? ''),
      category: String(result.category_localized ?? result.category ?? ''),
    };
  });
}

export function SimulatorPanel({
  flowId,
  flow,
  onHighlight,
  onClose,
  beforeStart,
}: {
  flowId: string;
  flow: Flow;
  onHighlight: (highlight: PathHighlight) => void;
  onClose: () => void;
  /** Runs before (re)starting, e.g. to save the editor's last changes so the simulator runs them. */
  beforeStart?: () => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const describeError = useApiError();
  const { session } = useSession();
  const ids = useId();
  const languages = [flow.language, ...Object.keys(flow.localization ?? {})].filter((code, index, all) => code && all.indexOf(code) === index);
  const [contactName, setContactName] = useState(t('simulator.defaultContactName'));
  const [language, setLanguage] = useState(languages[0] ?? 'eng');
  const [sessionUuid, setSessionUuid] = useState<string | null>(null);
  const [status, setStatus] = useState<string>('idle');
  const [entries, setEntries] = useState<TranscriptEntry[]>([]);
  const [segments, setSegments] = useState<SimSegment[]>([]);
  const [results, setResults] = useState<Record<string, unknown>>({});
  const [contact, setContact] = useState<Record<string, unknown> | null>(null);
  const [effects, setEffects] = useState<unknown[]>([]);
  const [reply, setReply] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const chatRef = useRef<HTMLOListElement>(null);
  const replyRef = useRef<HTMLInputElement>(null);

  const waiting = status === 'waiting';
  const firstNode = flow.nodes[0]?.uuid ?? null;

  useEffect(() => {
    const ownSegments = segments.filter((segment) => !segment.flow_uuid || segment.flow_uuid === flow.uuid);
    onHighlight(status === 'idle' ? NO_HIGHLIGHT : highlightFromSegments(ownSegments, firstNode, waiting));
  }, [segments, status, waiting, firstNode, flow.uuid, onHighlight]);

  // Keep the newest message in view by scrolling the chat itself (scrollIntoView would move the page too).
  useEffect(() => {
    const chat = chatRef.current;
    if (chat) chat.scrollTop = chat.scrollHeight;
  }, [entries]);

  function apply(answer: SimulatorAnswer, typed: string | null, restart: boolean) {
    const newEntries = transcriptEntries(answer.events, t);
    // The typed reply is shown even when the server does not echo it back as msg_received.
    const echoed = answer.events.some((event) => event.type === 'msg_received');
    const mine: TranscriptEntry[] = typed !== null && !echoed ? [{ kind: 'in', text: typed }] : [];
    setSessionUuid(answer.sessionUuid);
    setStatus(answer.status);
    setEntries((previous) => [...(restart ? [] : previous), ...mine, ...newEntries]);
    setSegments((previous) => [...(restart ? [] : previous), ...answer.segments.filter(isSegment)]);
    setResults(answer.results);
    setContact(answer.contact as Record<string, unknown> | null);
    setEffects((previous) => [...(restart ? [] : previous), ...answer.effects]);
  }

  async function run(action: () => Promise<SimulatorAnswer>, typed: string | null, restart = false) {
    setBusy(true);
    setError(null);
    try {
      apply(await action(), typed, restart);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
      replyRef.current?.focus();
    }
  }

  function start() {
    void run(
      async () => {
        await beforeStart?.();
        return api.messaging.simulator.start.mutate({ flowId, contact: { name: contactName.trim() || t('simulator.defaultContactName'), language } });
      },
      null,
      true,
    );
  }

  function send(text: string) {
    if (!sessionUuid || !text.trim()) return;
    setReply('');
    void run(() => api.messaging.simulator.reply.mutate({ sessionUuid, text }), text);
  }

  function submitReply(event: FormEvent) {
    event.preventDefault();
    send(reply);
  }

  function noReply() {
    if (!sessionUuid) return;
    void run(() => api.messaging.simulator.timeout.mutate({ sessionUuid }), null);
  }

  const quickReplies = waiting ? pendingQuickReplies(entries) : [];
  // The engine only uses a contact's language when the workspace allows it; say so instead of surprising.
  const workspaceLanguages = session?.workspace?.languages;
  const languageNotAllowed = !!workspaceLanguages && language !== flow.language && !workspaceLanguages.includes(language);
  const rows = resultRows(results);
  const statusText =
    status === 'idle' ? t('simulator.status.idle') : t(`simulator.status.${status}`, { defaultValue: t('simulator.status.other', { status }) });

  return (
    <aside className="simulator" aria-labelledby={`${ids}-title`}>
      <div className="panel-header">
        <h2 id={`${ids}-title`}>{t('simulator.title')}</h2>
        <button type="button" className="button subtle small" onClick={onClose}>
          {t('simulator.close')}
        </button>
      </div>
      <div className="simulator-setup">
        <div className="field inline">
          <label htmlFor={`${ids}-name`}>{t('simulator.contactName')}</label>
          <input id={`${ids}-name`} value={contactName} onChange={(event) => setContactName(event.target.value)} />
        </div>
        <div className="field inline">
          <label htmlFor={`${ids}-language`}>{t('simulator.contactLanguage')}</label>
          <select
            id={`${ids}-language`}
            value={language}
            onChange={(event) => setLanguage(event.target.value)}
            aria-describedby={languageNotAllowed ? `${ids}-language-hint` : undefined}
          >
            {languages.map((code) => (
              <option key={code} value={code}>
                {languageName(code, i18n.language)}
              </option>
            ))}
          </select>
        </div>
        {languageNotAllowed && (
          <p className="hint" id={`${ids}-language-hint`}>
            {/* Inside a sentence, French writes language names in lower case ("parlera anglais"). */}
            {t('simulator.languageNotAllowed', {
              language: languageName(language, i18n.language, i18n.language !== 'fr'),
              base: languageName(flow.language, i18n.language, i18n.language !== 'fr'),
            })}
          </p>
        )}
        <button type="button" className="button primary" onClick={start} disabled={busy}>
          {status === 'idle' ? t('simulator.start') : t('simulator.restart')}
        </button>
      </div>

      <div className="phone">
        <ol ref={chatRef} className="chat" aria-label={t('simulator.conversation')} aria-live="polite">
          {entries.length === 0 && <li className="chat-empty">{t('simulator.emptyChat')}</li>}
          {entries.map((entry, index) =>
            entry.kind === 'note' ? (
              <li key={index} className={`chat-note ${entry.tone}`}>
                {entry.text}
              </li>
            ) : (
              <li key={index} className={`bubble ${entry.kind}`}>
                <span className="visually-hidden">{entry.kind === 'out' ? t('simulator.fromFlow') : t('simulator.fromContact')}</span>
                {entry.text}
                {entry.kind === 'out' && entry.attachments.length > 0 && (
                  <span className="attachments" role="group" aria-label={t('simulator.attachments', { count: entry.attachments.length })}>
                    {entry.attachments.map((attachment, number) => (
                      <MessageAttachment key={`${number}-${attachment}`} attachment={attachment} />
                    ))}
                  </span>
                )}
              </li>
            ),
          )}
        </ol>
        {quickReplies.length > 0 && (
          <div className="quick-replies" role="group" aria-label={t('simulator.quickReplies')}>
            {quickReplies.map((text, index) => (
              <button key={`${text}-${index}`} type="button" className="button small" disabled={busy} onClick={() => send(text)}>
                {text}
              </button>
            ))}
          </div>
        )}
        <form className="reply-form" onSubmit={submitReply}>
          <label htmlFor={`${ids}-reply`} className="visually-hidden">
            {t('simulator.replyLabel')}
          </label>
          <input
            ref={replyRef}
            id={`${ids}-reply`}
            value={reply}
            placeholder={waiting ? t('simulator.replyPlaceholder') : t('simulator.replyDisabled')}
            onChange={(event) => setReply(event.target.value)}
            disabled={!waiting || busy}
            autoComplete="off"
          />
          <button type="submit" className="button primary" disabled={!waiting || busy || !reply.trim()}>
            {t('simulator.send')}
          </button>
        </form>
      </div>
      <div className="simulator-status">
        <p role="status" className={`sim-status ${status}`}>
          {busy ? t('simulator.working') : statusText}
        </p>
        <button type="button" className="button small" onClick={noReply} disabled={!waiting || busy}>
          {t('simulator.noReply')}
        </button>
      </div>
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}

      <section className="sim-section" aria-labelledby={`${ids}-results`}>
        <h3 id={`${ids}-results`}>{t('simulator.results')}</h3>
        {rows.length === 0 ? (
          <p className="muted">{t('simulator.noResults')}</p>
        ) : (
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">{t('simulator.resultName')}</th>
                <th scope="col">{t('simulator.resultValue')}</th>
                <th scope="col">{t('simulator.resultCategory')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.name}>
                  <td>{row.name}</td>
                  <td>{row.value}</td>
                  <td>{row.category}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <details className="sim-section">
        <summary>{t('simulator.contact')}</summary>
        {contact ? <ContactSummary contact={contact} /> : <p className="muted">{t('simulator.noContact')}</p>}
      </details>
      <details className="sim-section">
        <summary>{t('simulator.effects', { count: effects.length })}</summary>
        {effects.length ? <EffectsList effects={effects} /> : <p className="muted">{t('simulator.noEffects')}</p>}
      </details>
    </aside>
  );
}

/** The simulated contact in plain words: name, language, addresses, groups and fields (the JSON on request). */
function ContactSummary({ contact }: { contact: Record<string, unknown> }) {
  const { t, i18n } = useTranslation();
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const urns = Array.isArray(contact.urns) ? contact.urns.map(text).filter(Boolean) : [];
  const groups = Array.isArray(contact.groups) ? contact.groups.map((group) => text((group as { name?: unknown }).name)).filter(Boolean) : [];
  const fields = Object.entries((contact.fields ?? {}) as Record<string, { text?: unknown } | null>)
    .filter(([, value]) => value && text(value.text))
    .map(([key, value]) => `${key}: ${text(value!.text)}`);
  const language = text(contact.language);
  return (
    <>
      <dl className="facts">
        <dt>{t('simulator.contactFacts.name')}</dt>
        <dd>{text(contact.name) || '—'}</dd>
        <dt>{t('simulator.contactFacts.language')}</dt>
        <dd>{language ? languageName(language, i18n.language) : '—'}</dd>
        <dt>{t('simulator.contactFacts.addresses')}</dt>
        <dd>{urns.join(', ') || '—'}</dd>
        <dt>{t('simulator.contactFacts.groups')}</dt>
        <dd>{groups.join(', ') || '—'}</dd>
        <dt>{t('simulator.contactFacts.fields')}</dt>
        <dd>{fields.join('; ') || '—'}</dd>
      </dl>
      <details>
        <summary>{t('simulator.technicalDetails')}</summary>
        <pre className="json-view">{JSON.stringify(contact, null, 2)}</pre>
      </details>
    </>
  );
}

/** Recorded effects (web service calls, FHIR reads and writes) as sentences, with the JSON on request. */
function EffectsList({ effects }: { effects: unknown[] }) {
  const { t } = useTranslation();
  const describe = (raw: unknown): string => {
    const effect = (raw ?? {}) as Record<string, unknown>;
    const request = (effect.request ?? {}) as Record<string, unknown>;
    switch (effect.type) {
      case 'webhook':
        return t('simulator.effectKinds.webhook', { method: String(request.method ?? 'GET'), url: String(request.url ?? ''), status: String(effect.status ?? effect.error ?? '') });
      case 'fhir_write':
        return t('simulator.effectKinds.fhirWrite', { resourceType: String(effect.resourceType ?? '') });
      case 'fhir_read':
        return t('simulator.effectKinds.fhirRead');
      default:
        return String(effect.type ?? '');
    }
  };
  return (
    <>
      <ul className="plain-list">
        {effects.map((effect, index) => (
          <li key={index}>{describe(effect)}</li>
        ))}
      </ul>
      <details>
        <summary>{t('simulator.technicalDetails')}</summary>
        <pre className="json-view">{JSON.stringify(effects, null, 2)}</pre>
      </details>
    </>
  );
}
