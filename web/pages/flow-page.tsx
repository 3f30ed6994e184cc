/**
 * One flow: its editable canvas (steps, arrows, forms, autosave, live problems) or its whole JSON definition
 * (Monaco, lazily loaded) to edit and save as a draft; Publish (blocked while the flow has errors); and the
 * simulator beside the canvas. Viewers get the same canvas, read-only. “Show results on the canvas” overlays on
 * each step how many runs reached it, wait there and stopped there (refreshed while shown).
 */
import { lazy, Suspense, useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Flow } from '../../runtime/definition/types.js';
import { api } from '../api/trpc-client.js';
import { flowIssuesOf } from '../api/error-message.js';
import { useApiError } from '../api/use-api-error.js';
import { canEdit, useSession } from '../auth/session-context.js';
import { Link } from '../routing/hash-router.js';
import { FlowCanvas, type FocusRequest } from '../editor/canvas/flow-canvas.js';
import { graphPositions, NO_HIGHLIGHT, type CanvasResults, type PathHighlight } from '../editor/canvas/flow-graph.js';
import { ResultsOverlaySource } from '../editor/canvas/results-overlay-source.js';
import { SimulatorPanel } from '../editor/panels/simulator-panel.js';
import { FlowEditorView } from '../editor/edit/flow-editor.js';
import { useFlowEditor } from '../editor/edit/use-flow-editor.js';
import { useAutosave, type AutosaveState } from '../editor/edit/use-autosave.js';
import { LiveIssuesPanel } from '../editor/edit/live-issues-panel.js';
import type { FormContext } from '../editor/edit/action-form.js';
import { liveIssues, hasBlockingErrors } from '../editor/model/live-issues.js';
import { completionsFor } from '../editor/model/expression-completions.js';
import { setPositions } from '../editor/model/flow-edits.js';
import { IssuesList, type IssueView } from '../flows/issues-list.js';
import { readFlowDetails, type FlowDetails } from '../flows/flow-details.js';
import { useDebouncedValue } from './use-debounced-value.js';
import { useStoredFlag } from '../editor/edit/use-stored-flag.js';
import { TranslationView } from '../editor/translate/translation-view.js';
import { RevisionsPanel } from '../editor/panels/revisions-panel.js';
import '../editor/editor-extras.css';

const JsonEditor = lazy(() => import('../editor/json/json-editor.js'));

type Tab = 'canvas' | 'translate' | 'json';
const TABS: readonly Tab[] = ['canvas', 'translate', 'json'];

/** A past revision shown read-only. Example: `{ revision: 2, status: 'published', definition: {…} }`. */
interface RevisionPreviewState {
  revision: number;
  status: 'draft' | 'published';
  definition: Flow;
}

export function FlowPage({ flowId }: { flowId: string }) {
  const { t } = useTranslation();
  const describeError = useApiError();
  const [details, setDetails] = useState<FlowDetails | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  // A message to show once the flow is loaded again (e.g. after restoring a revision).
  const [after, setAfter] = useState<AfterReload>({});

  const load = useCallback(async (next: AfterReload = {}) => {
    try {
      setDetails(readFlowDetails(await api.flows.get.query({ id: flowId })));
      setAfter(next);
      setLoadError(null);
    } catch (failure) {
      setLoadError(describeError(failure));
    }
  }, [flowId, describeError]);

  useEffect(() => {
    void load();
  }, [load]);

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
  return <LoadedFlowPage key={`${details.id}-${details.revision ?? 0}-${details.loadedAt}`} flowId={flowId} initial={details} reload={load} after={after} />;
}

/** A loaded flow without saved positions gets the auto-layout's, so new steps can be placed next to them. */
function withPositions(flow: Flow): Flow {
  return flow.nodes.length ? setPositions(flow, graphPositions(flow)) : flow;
}

/** What the page shows once loaded again. Example: `{ notice: 'Revision 2 was restored…', history: true }`. */
interface AfterReload {
  notice?: string;
  /** Keep the history panel open. */
  history?: boolean;
}

function LoadedFlowPage({ flowId, initial, reload, after }: { flowId: string; initial: FlowDetails; reload: (after?: AfterReload) => Promise<void>; after: AfterReload }) {
  const { t } = useTranslation();
  const describeError = useApiError();
  const { session } = useSession();
  const editable = canEdit(session);
  const ids = useId();
  const [details, setDetails] = useState<FlowDetails>(initial);
  const editor = useFlowEditor(() => withPositions(initial.definition));
  const [tab, setTab] = useState<Tab>('canvas');
  const [jsonText, setJsonText] = useState('');
  const [jsonDirty, setJsonDirty] = useState(false);
  const [issues, setIssues] = useState<IssueView[]>([]);
  const [notice, setNotice] = useState<string | null>(after.notice ?? null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [simulatorOpen, setSimulatorOpen] = useState(false);
  const [historyOpen, setHistoryOpen] = useState(after.history ?? false);
  const [preview, setPreview] = useState<RevisionPreviewState | null>(null);
  const [highlight, setHighlight] = useState<PathHighlight>(NO_HIGHLIGHT);
  const [focusNode, setFocusNode] = useState<FocusRequest | null>(null);
  // Remembered in this browser: an officer following a start keeps the counts on from one visit to the next.
  const [showResults, setShowResults] = useStoredFlag('kiunga.canvasResults');
  const [results, setResults] = useState<CanvasResults | null>(null);
  const [groups, setGroups] = useState<FormContext['groups']>([]);
  const [flows, setFlows] = useState<FormContext['flows']>([]);
  const revision = useRef(initial.revision);

  const onSaved = useCallback((saved: number) => {
    revision.current = saved;
    setDetails((current) => ({ ...current, revision: saved, status: current.publishedRevision === null ? 'draft' : 'changed' }));
  }, []);
  const autosave = useAutosave({
    flowId,
    flow: editor.flow,
    version: editor.version,
    revision: details.revision,
    enabled: editable,
    onSaved,
    describeError,
  });

  // What the forms offer: the workspace's groups and other flows (read once), and the flow's own results.
  useEffect(() => {
    if (!editable) return;
    api.groups.list.query().then((list) => setGroups(list.filter((group) => !group.smart).map((group) => ({ uuid: group.uuid, name: group.name }))), () => undefined);
    api.flows.list.query({ limit: 500 }).then((page) => setFlows(page.items.filter((item) => item.uuid !== initial.definition.uuid).map((item) => ({ uuid: item.uuid, name: item.name }))), () => undefined);
  }, [editable, initial.definition.uuid]);
  const completions = useMemo(() => completionsFor(editor.flow), [editor.flow]);
  const context = useMemo<FormContext>(() => ({ completions, groups, flows }), [completions, groups, flows]);

  // Problems found in the browser as the flow changes, once typing pauses (typing stays smooth on big flows);
  // Publish checks the latest definition itself.
  const checkedFlow = useDebouncedValue(editor.flow, 250);
  const languages = session?.workspace?.languages;
  const live = useMemo(() => liveIssues(checkedFlow, languages ?? []), [checkedFlow, languages]);
  const blocked = hasBlockingErrors(live);

  const onHighlight = useCallback((next: PathHighlight) => setHighlight(next), []);

  // Problems the server listed for an earlier save, and a “cannot publish” message, are out of date once
  // the flow changes on the canvas (the live panel keeps the current ones).
  const firstVersion = useRef(editor.version);
  useEffect(() => {
    if (editor.version === firstVersion.current) return;
    setIssues([]);
    setError((current) => (current === null ? current : null));
  }, [editor.version]);

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

  function openTab(next: Tab) {
    if (next === 'json' && !jsonDirty) setJsonText(JSON.stringify(editor.flow, null, 2));
    setPreview(null);
    setTab(next);
  }

  async function saveJsonDraft() {
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
      const saved = await api.flows.saveDraft.mutate({ id: flowId, definition, baseRevision: revision.current ?? undefined });
      setIssues(saved.issues);
      setNotice(t('flow.draftSavedRevision', { revision: saved.revision }));
      revision.current = saved.revision;
      setDetails((current) => ({
        ...current,
        name: definition.name?.trim() || current.name,
        status: current.publishedRevision === null ? 'draft' : 'changed',
        revision: saved.revision,
      }));
      editor.reset(withPositions({ ...definition, revision: saved.revision }));
      autosave.markSaved(editor.version);
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
    setNotice(null);
    const current = checkedFlow === editor.flow ? live : liveIssues(editor.flow, languages ?? []);
    if (hasBlockingErrors(current)) {
      // The same problems the server would refuse, found here first (listed live under the canvas): nothing is sent.
      const errors = current.filter((issue) => issue.severity === 'error');
      setError(t('flow.publishBlocked', { count: errors.length }));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await autosave.flush();
      const published = await api.flows.publish.mutate({ id: flowId, baseRevision: revision.current ?? undefined });
      setIssues([]);
      setNotice(t('flow.publishedRevision', { revision: published.revision }));
      revision.current = published.revision;
      setDetails((current) => ({ ...current, status: 'published', revision: published.revision, publishedRevision: published.revision }));
    } catch (failure) {
      const found = flowIssuesOf(failure) as IssueView[];
      setIssues(found);
      // The problems are listed just below: a short sentence is clearer than repeating the first one.
      setError(found.length ? t('flow.publishBlocked', { count: found.length }) : describeError(failure));
    } finally {
      setBusy(false);
    }
  }

  async function openPreview(number: number) {
    setError(null);
    try {
      const found = await api.flows.getRevision.query({ id: flowId, revision: number });
      setPreview({ revision: found.revision, status: found.status, definition: withPositions(found.definition) });
      setTab('canvas');
    } catch (failure) {
      setError(describeError(failure));
    }
  }

  async function restorePreview() {
    if (!preview) return;
    if (!window.confirm(t('revisions.confirmRestore', { revision: preview.revision }))) return;
    setBusy(true);
    setError(null);
    try {
      // The editor's last changes are saved first: they stay in the history, the restored copy comes after them.
      await autosave.flush();
      const restored = await api.flows.restoreRevision.mutate({ id: flowId, revision: preview.revision, baseRevision: revision.current ?? undefined });
      await reload({ notice: t('revisions.restored', { from: preview.revision, revision: restored.revision }), history: true });
    } catch (failure) {
      setError(describeError(failure));
      setBusy(false);
    }
  }

  function onTabKey(event: KeyboardEvent<HTMLButtonElement>) {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const next = TABS[(TABS.indexOf(tab) + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
    openTab(next);
    document.getElementById(`${ids}-tab-${next}`)?.focus();
  }

  const issuesTitleId = `${ids}-issues`;
  const canvasResults = showResults ? results : undefined;
  const unpublished = autosave.dirty || details.status !== 'published';
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
                onClick={() => openTab(name)}
                onKeyDown={onTabKey}
              >
                {t(`flow.tabs.${name}`)}
              </button>
            ))}
          </div>
          <button
            type="button"
            className="button"
            aria-pressed={historyOpen}
            onClick={() => {
              setHistoryOpen((open) => !open);
              setSimulatorOpen(false);
            }}
          >
            {t('revisions.toggle')}
          </button>
          <Link to={`/flows/${encodeURIComponent(flowId)}/results`} className="button subtle">
            {t('results.openResults')}
          </Link>
          <button
            type="button"
            className="button"
            aria-pressed={showResults}
            onClick={() => {
              setShowResults(!showResults);
              setResults(null);
            }}
          >
            {t('flow.showResultsOnCanvas')}
          </button>
          {editable && (
            <>
              <button
                type="button"
                className="button"
                aria-pressed={simulatorOpen}
                onClick={() => {
                  setSimulatorOpen((open) => !open);
                  setHistoryOpen(false);
                }}
              >
                {simulatorOpen ? t('flow.hideSimulator') : t('flow.showSimulator')}
              </button>
              <button
                type="button"
                className="button primary"
                onClick={() => void publish()}
                disabled={busy || (!unpublished && !jsonDirty)}
                title={!unpublished && !jsonDirty ? t('flow.nothingToPublish') : blocked ? t('editor.publishBlockedHint') : undefined}
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
        {autosave.state === 'conflict' && (
          <div className="alert error" role="alert">
            <p>{t('editor.save.conflict', { detail: autosave.message ?? '' })}</p>
            <button type="button" className="button small" onClick={() => void reload()}>
              {t('editor.save.reload')}
            </button>
          </div>
        )}
      </div>

      {showResults && tab === 'canvas' && !preview && <ResultsOverlaySource flowId={flowId} onResults={setResults} />}
      <div className={`flow-body${simulatorOpen ? ' with-simulator' : ''}`}>
        <div id={`${ids}-panel-${tab}`} role="tabpanel" aria-labelledby={`${ids}-tab-${tab}`} className="flow-main">
          {preview ? (
            <div className="revision-preview">
              <div className="revision-preview-bar" role="status">
                <span>{t('revisions.previewing', { revision: preview.revision, status: t(`revisions.status.${preview.status}`) })}</span>
                {editable && (
                  <button type="button" className="button primary small" disabled={busy} onClick={() => void restorePreview()}>
                    {t('revisions.restore')}
                  </button>
                )}
                <button type="button" className="button small" onClick={() => setPreview(null)}>
                  {t('revisions.backToCurrent')}
                </button>
              </div>
              <FlowCanvas key={`preview-${preview.revision}`} flow={preview.definition} highlight={NO_HIGHLIGHT} focusNode={null} refitKey={preview.revision} />
            </div>
          ) : tab === 'translate' ? (
            <div className="translate-tab">
              <TranslationView editor={editor} readOnly={!editable} />
              {editable && (
                <p className="muted small">
                  <SaveStatus state={autosave.state} message={autosave.message} />
                </p>
              )}
            </div>
          ) : tab === 'canvas' ? (
            editable ? (
              <>
                <FlowEditorView
                  editor={editor}
                  context={context}
                  results={canvasResults}
                  highlight={highlight}
                  focusNode={focusNode}
                  refitKey={simulatorOpen}
                  saveState={<SaveStatus state={autosave.state} message={autosave.message} />}
                />
                <LiveIssuesPanel issues={live} onSelectNode={showNode} />
              </>
            ) : (
              <FlowCanvas flow={editor.flow} highlight={highlight} focusNode={focusNode} refitKey={simulatorOpen} results={canvasResults} />
            )
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
                <button type="button" className="button primary" onClick={() => void saveJsonDraft()} disabled={busy || !jsonDirty}>
                  {t('jsonTab.saveDraft')}
                </button>
                <button
                  type="button"
                  className="button"
                  disabled={busy || !jsonDirty}
                  onClick={() => {
                    setJsonText(JSON.stringify(editor.flow, null, 2));
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
        {historyOpen && (
          <RevisionsPanel
            flowId={flowId}
            refreshKey={details.revision}
            publishedRevision={details.publishedRevision}
            previewing={preview?.revision ?? null}
            onPreview={(number) => void openPreview(number)}
            onClose={() => {
              setHistoryOpen(false);
              setPreview(null);
            }}
          />
        )}
        {simulatorOpen && (
          <SimulatorPanel
            flowId={flowId}
            flow={editor.flow}
            onHighlight={onHighlight}
            onClose={() => setSimulatorOpen(false)}
            beforeStart={editable ? autosave.flush : undefined}
          />
        )}
      </div>
    </section>
  );
}

/** “Saving…”, “Saved”, or what went wrong, next to the canvas toolbar. */
function SaveStatus({ state, message }: { state: AutosaveState; message: string | null }) {
  const { t } = useTranslation();
  if (state === 'idle') return null;
  if (state === 'error') {
    return (
      <span className="save-state error" role="alert">
        {t('editor.save.error', { detail: message ?? '' })}
      </span>
    );
  }
  if (state === 'conflict') return <span className="save-state error">{t('editor.save.notSaved')}</span>;
  return (
    <span className={`save-state ${state}`} role="status">
      {t(`editor.save.${state}`)}
    </span>
  );
}
