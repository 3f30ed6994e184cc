/**
 * Workspace language settings shown under the classifier list: how forgiving keyword tests are in flows
 * (exact / accents and case / also typos, with the number of typos per word), and automatic replies (which
 * classifier decides and which flow answers messages no flow took; the others stay in the inbox).
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiOutputs } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';

type Mode = ApiOutputs['nlp']['wordMatching']['mode'];
type FlowItem = ApiOutputs['flows']['list']['items'][number];

export function MatchingSettings({ classifiers }: { classifiers: { uuid: string; name: string; activeVersion: number | null }[] }) {
  return (
    <>
      <WordMatchingForm />
      <AutomaticRepliesForm classifiers={classifiers.filter((c) => c.activeVersion !== null)} />
    </>
  );
}

function WordMatchingForm() {
  const { t } = useTranslation();
  const describeError = useApiError();
  const id = useId();
  const [mode, setMode] = useState<Mode | null>(null);
  const [maxTypos, setMaxTypos] = useState(1);
  const [limit, setLimit] = useState(3);
  const [status, setStatus] = useState<{ kind: 'error' | 'saved'; text: string } | null>(null);

  useEffect(() => {
    api.nlp.wordMatching.query().then(
      (setting) => {
        setMode(setting.mode);
        setMaxTypos(setting.maxTypos);
        setLimit(setting.maxTyposLimit);
      },
      (failure: unknown) => setStatus({ kind: 'error', text: describeError(failure) }),
    );
  }, [describeError]);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!mode) return;
    try {
      await api.nlp.setWordMatching.mutate({ mode, maxTypos });
      setStatus({ kind: 'saved', text: t('classifiers.matching.saved') });
    } catch (failure) {
      setStatus({ kind: 'error', text: describeError(failure) });
    }
  }

  return (
    <form className="card" onSubmit={(event) => void save(event)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('classifiers.matching.title')}</h2>
      <p className="muted">{t('classifiers.matching.intro')}</p>
      {mode && (
        <>
          <fieldset className="field">
            <legend>{t('classifiers.matching.mode')}</legend>
            {(['exact', 'accents_case', 'typos'] as const).map((value) => (
              <label key={value} className="checkbox">
                <input type="radio" name={`${id}-mode`} value={value} checked={mode === value} onChange={() => setMode(value)} />
                {t(`classifiers.matching.modes.${value}`)}
              </label>
            ))}
          </fieldset>
          {mode === 'typos' && (
            <div className="field">
              <label htmlFor={`${id}-typos`}>{t('classifiers.matching.maxTypos')}</label>
              <input id={`${id}-typos`} type="number" min={1} max={limit} value={maxTypos} onChange={(event) => setMaxTypos(Math.max(1, Math.min(limit, Number(event.target.value) || 1)))} />
            </div>
          )}
          <button type="submit" className="button">{t('classifiers.matching.save')}</button>
        </>
      )}
      {status && <p className={status.kind === 'error' ? 'alert error' : 'muted'} role={status.kind === 'error' ? 'alert' : 'status'}>{status.text}</p>}
    </form>
  );
}

function AutomaticRepliesForm({ classifiers }: { classifiers: { uuid: string; name: string }[] }) {
  const { t } = useTranslation();
  const describeError = useApiError();
  const id = useId();
  const [flows, setFlows] = useState<FlowItem[]>([]);
  const [classifierUuid, setClassifierUuid] = useState('');
  const [flowUuid, setFlowUuid] = useState('');
  const [active, setActive] = useState(false);
  const [status, setStatus] = useState<{ kind: 'error' | 'saved'; text: string } | null>(null);

  useEffect(() => {
    Promise.all([api.nlp.automaticReplies.query(), api.flows.list.query({ limit: 500 })]).then(
      ([setting, list]) => {
        setFlows(list.items);
        setActive(setting !== null);
        if (setting) {
          setClassifierUuid(setting.classifierUuid);
          setFlowUuid(setting.flowUuid);
        }
      },
      (failure: unknown) => setStatus({ kind: 'error', text: describeError(failure) }),
    );
  }, [describeError]);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!classifierUuid || !flowUuid) return setStatus({ kind: 'error', text: t('classifiers.autoReplies.chooseBoth') });
    try {
      await api.nlp.setAutomaticReplies.mutate({ classifierUuid, flowUuid });
      setActive(true);
      setStatus({ kind: 'saved', text: t('classifiers.autoReplies.on') });
    } catch (failure) {
      setStatus({ kind: 'error', text: describeError(failure) });
    }
  }

  async function turnOff() {
    try {
      await api.nlp.setAutomaticReplies.mutate(null);
      setActive(false);
      setStatus({ kind: 'saved', text: t('classifiers.autoReplies.off') });
    } catch (failure) {
      setStatus({ kind: 'error', text: describeError(failure) });
    }
  }

  return (
    <form className="card" onSubmit={(event) => void save(event)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('classifiers.autoReplies.title')}</h2>
      <p className="muted">{t('classifiers.autoReplies.intro')}</p>
      <div className="field">
        <label htmlFor={`${id}-classifier`}>{t('classifiers.autoReplies.classifier')}</label>
        <select id={`${id}-classifier`} value={classifierUuid} onChange={(event) => setClassifierUuid(event.target.value)}>
          <option value="">{t('classifiers.autoReplies.none')}</option>
          {classifiers.map((c) => <option key={c.uuid} value={c.uuid}>{c.name}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-flow`}>{t('classifiers.autoReplies.flow')}</label>
        <select id={`${id}-flow`} value={flowUuid} onChange={(event) => setFlowUuid(event.target.value)}>
          <option value="">{t('classifiers.autoReplies.none')}</option>
          {flows.map((f) => <option key={f.uuid} value={f.uuid}>{f.name}</option>)}
        </select>
      </div>
      <div className="toolbar">
        <button type="submit" className="button">{t('classifiers.autoReplies.save')}</button>
        {active && <button type="button" className="button subtle" onClick={() => void turnOff()}>{t('classifiers.autoReplies.turnOff')}</button>}
      </div>
      {status && <p className={status.kind === 'error' ? 'alert error' : 'muted'} role={status.kind === 'error' ? 'alert' : 'status'}>{status.text}</p>}
    </form>
  );
}
