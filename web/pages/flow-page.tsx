/**
 * One flow: its canvas (read-only for now) or its whole JSON definition (Monaco, lazily loaded) to edit and
 * save as a draft; problems found by the server; Publish; and the simulator beside the canvas.
 */
import { lazy, Suspense, useCallback, useEffect, useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Flow } from '../../runtime/definition/types.js';
import { api } from '../api/trpc-client.js';
import { flowIssuesOf } from '../api/error-message.js';
import { useApiError } from '../api/use-api-error.js';
import { canEdit, useSession } from '../auth/session-context.js';
import { Link } from '../routing/hash-router.js';
import { FlowCanvas, type FocusRequest } from '../editor/canvas/flow-canvas.js';
import { NO_HIGHLIGHT, type PathHighlight } from '../editor/canvas/flow-graph.js';
import { SimulatorPanel } from '../editor/panels/simulator-panel.js';
import { IssuesList, type IssueView } from '../flows/issues-list.js';
import { readFlowDetails, type FlowDetails } from '../flows/flow-details.js';

const JsonEditor = lazy(() => import('../editor/json/json-editor.js'));

type Tab = 'canvas' | 'json';
const TABS: readonly Tab[] = ['canvas', 'json'];

export function FlowPage({ flowId }: { flowId: string }) {
  const { t } = useTranslation();
  const describeError = useApiError();
  const editable = canEdit(useSession().session);
  const ids = useId();
  const [details, setDetails] = useState<FlowDetails | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('canvas');
  const [jsonText, setJsonText] = useState('');
  const [jsonDirty, setJsonDirty] = useState(false);
  const [issues, setIssues] = useState<IssueView[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [simulatorOpen, setSimulatorOpen] = useState(false);
  const [highlight, setHighlight] = useState<PathHighlight>(NO_HIGHLIGHT);
  const [focusNode, setFocusNode] = useState<FocusRequest | null>(null);

  const load = useCallback(async () => {
    try {
      const loaded = readFlowDetails(await api.flows.get.query({ id: flowId }));
      setDetails(loaded);
      setIssues([]);
      setJsonText(JSON.stringify(loaded.definition, null, 2));
      setJsonDirty(false);
      setLoadError(null);
    } catch (failure) {
      setLoadError(describeError(failure));
    }
  }, [flowId, describeError]);

  useEffect(() => {
    void load();
  }, [load]);

  const onHighlight = useCallback((next: PathHighlight) => setHighlight(next), []);

  // Closing or reloading the tab with unsaved JSON asks first (the browser shows its own message).
  useEffect(() => {
    if (!jsonDirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [jsonDirty]);

  function showNode(uuid: string) {
    setTab('canvas');
    setFocusNode({ uuid, at: Date.now() });
  }

  async function saveDraft() {
    let definition: Flow;
    try {
      definition = JSON.parse(jsonText) as Flow;
    } catch (failure) {
      setNotice(null);
      setError(t('jsonTab.invalidJson', { detail: failure instanceof Error ? failure.message : String(failure) }));
      return;
    }
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const saved = await api.flows.saveDraft.mutate({ id: flowId, definition, baseRevision: details?.revision ?? undefined });
      setIssues(saved.issues);
      setNotice(t('flow.draftSavedRevision', { revision: saved.revision }));
      setDetails((current) =>
        current
          ? {
              ...current,
              definition: { ...definition, revision: saved.revision },
              name: definition.name?.trim() || current.name,
              status: current.publishedRevision === null ? 'draft' : 'changed',
              revision: saved.revision,
            }
          : current,
      );
      setJsonDirty(false);
    } catch (failure) {
      setIssues(flowIssuesOf(failure) as IssueView[]);
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  }

  async function publish() {
    if (jsonDirty) {
      setError(t('flow.saveBeforePublish'));
      return;
    }
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const published = await api.flows.publish.mutate({ id: flowId, baseRevision: details?.revision ?? undefined });
      setIssues(published.issues);
      setNotice(t('flow.publishedRevision', { revision: published.revision }));
      setDetails((current) =>
        current ? { ...current, status: 'published', revision: published.revision, publishedRevision: published.revision } : current,
      );
    } catch (failure) {
      const found = flowIssuesOf(failure) as IssueView[];
      setIssues(found);
      // The problems are listed just below: a short sentence is clearer than repeating the first one.
      setError(found.length ? t('flow.publishBlocked', { count: found.length }) : describeError(failure));
    } finally {
      setBusy(false);
    }
  }

  function onTabKey(event: KeyboardEvent<HTMLButtonElement>) {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const next = TABS[(TABS.indexOf(tab) + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
    setTab(next);
    document.getElementById(`${ids}-tab-${next}`)?.focus();
  }

  if (loadError) {
    return (
      <section className="page">
        <p className="alert error" role="alert">
          {loadError}
        </p>
        <Link to="/flows">{t('flow.backToFlows')}</Link>
      </section>
    );
  }
  if (!details) return <p className="page" role="status">{t('common.loading')}</p>;

  const issuesTitleId = `${ids}-issues`;
  return (
    <section className="flow-page" aria-labelledby={`${ids}-title`}>
      <div className="flow-header">
        <div className="flow-title">
          <Link to="/flows" className="back-link">
            {t('flow.backToFlows')}
          </Link>
          <h1 id={`${ids}-title`}>{details.name}</h1>
          <span className={`badge ${details.status}`}>{t(`flows.status.${details.status}`)}</span>
        </div>
        <div className="toolbar">
          <div role="tablist" aria-label={t('flow.views')} className="tabs">
            {TABS.map((name) => (
              <button
                key={name}
                id={`${ids}-tab-${name}`}
                type="button"
                role="tab"
                aria-selected={tab === name}
                aria-controls={`${ids}-panel-${name}`}
                tabIndex={tab === name ? 0 : -1}
                className="tab"
                onClick={() => setTab(name)}
                onKeyDown={onTabKey}
              >
                {t(`flow.tabs.${name}`)}
              </button>
            ))}
          </div>
          {editable && (
            <>
              <button type="button" className="button" aria-pressed={simulatorOpen} onClick={() => setSimulatorOpen((open) => !open)}>
                {simulatorOpen ? t('flow.hideSimulator') : t('flow.showSimulator')}
              </button>
              <button
                type="button"
                className="button primary"
                onClick={() => void publish()}
                disabled={busy || (details.status === 'published' && !jsonDirty)}
                title={details.status === 'published' && !jsonDirty ? t('flow.nothingToPublish') : undefined}
              >
                {t('flow.publish')}
              </button>
            </>
          )}
        </div>
      </div>

      <div aria-live="polite" className="flow-messages">
        {notice && (
          <div className="alert success dismissible" role="status">
            <p>{notice}</p>
            <button type="button" className="button subtle small" onClick={() => setNotice(null)} aria-label={t('common.dismiss')}>
              ×
            </button>
          </div>
        )}
        {error && (
          <div className="alert error dismissible" role="alert">
            <p>{error}</p>
            <button type="button" className="button subtle small" onClick={() => setError(null)} aria-label={t('common.dismiss')}>
              ×
            </button>
          </div>
        )}
        {issues.length > 0 && (
          <div className="issues-box">
            <h2 id={issuesTitleId} className="small-heading">
              {t('issues.title', { count: issues.length })}
            </h2>
            <IssuesList issues={issues} titleId={issuesTitleId} onSelectNode={showNode} />
          </div>
        )}
      </div>

      <div className={`flow-body${simulatorOpen ? ' with-simulator' : ''}`}>
        <div id={`${ids}-panel-${tab}`} role="tabpanel" aria-labelledby={`${ids}-tab-${tab}`} className="flow-main">
          {tab === 'canvas' ? (
            <FlowCanvas flow={details.definition} highlight={highlight} focusNode={focusNode} refitKey={simulatorOpen} />
          ) : (
            <div className="json-tab">
              <p className="muted">{editable ? t('jsonTab.intro') : t('jsonTab.readOnlyIntro')}</p>
              <Suspense fallback={<p role="status">{t('jsonTab.loadingEditor')}</p>}>
                <JsonEditor
                  readOnly={!editable}
                  value={jsonText}
                  onChange={(value) => {
                    setJsonText(value);
                    setJsonDirty(true);
                  }}
                />
              </Suspense>
              <div className="toolbar" hidden={!editable}>
                <button type="button" className="button primary" onClick={() => void saveDraft()} disabled={busy || !jsonDirty}>
                  {t('jsonTab.saveDraft')}
                </button>
                <button
                  type="button"
                  className="button"
                  disabled={busy || !jsonDirty}
                  onClick={() => {
                    setJsonText(JSON.stringify(details.definition, null, 2));
                    setJsonDirty(false);
                    setError(null);
                  }}
                >
                  {t('jsonTab.discard')}
                </button>
                {jsonDirty && <span className="muted">{t('jsonTab.unsaved')}</span>}
              </div>
            </div>
          )}
        </div>
        {simulatorOpen && (
          <SimulatorPanel flowId={flowId} flow={details.definition} onHighlight={onHighlight} onClose={() => setSimulatorOpen(false)} />
        )}
      </div>
    </section>
  );
}
