/**
 * The editable canvas with everything around it: the toolbar (add a step, undo / redo, tidy up, search,
 * save state), the palette of steps, and the side panel of the selected step. Keyboard: A adds a step,
 * Ctrl+Z / Ctrl+Shift+Z undo and redo, Ctrl+C / Ctrl+V copy and paste steps, Ctrl+F searches, Delete
 * removes the selected steps or arrows. None of them fire while typing in a field.
 *
 *   <FlowEditorView editor={editor} context={formContext} saveState={<SaveStatus … />} focusNode={…} />
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Flow, FlowNode } from '../../../runtime/definition/types.js';
import { FlowCanvas, type FocusRequest, type SelectRequest, type StepRequest } from '../canvas/flow-canvas.js';
import { cardWidth, layoutPositions, NO_HIGHLIGHT, type CanvasResults, type PathHighlight } from '../canvas/flow-graph.js';
import { addNode, deleteNodes, makeStart, nodePosition, replaceNode, setPositions, type Point } from '../model/flow-edits.js';
import { copyNodes, pasteNodes } from '../model/paste-nodes.js';
import { paletteFor, type PaletteItem } from '../model/palette.js';
import type { FlowEditor } from './use-flow-editor.js';
import type { FormContext } from './action-form.js';
import { StepPalette } from './step-palette.js';
import { StepEditor } from './step-editor.js';
import { readSteps, writeSteps } from './steps-clipboard.js';
import { searchNodes } from './node-search.js';
import { addSticky } from '../model/stickies.js';
import { newUuid } from '../model/new-uuid.js';

interface FlowEditorViewProps {
  editor: FlowEditor;
  context: FormContext;
  highlight?: PathHighlight;
  focusNode?: FocusRequest | null;
  refitKey?: string | number | boolean;
  saveState?: ReactNode;
  /** The results overlay (see FlowCanvas): undefined when off, null while loading. */
  results?: CanvasResults | null;
}

/** True when the key press belongs to a field (inputs, selects, text areas, Monaco, editable text). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest('.monaco-editor')) return true;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** The palette, open at a place of the canvas. */
interface PaletteState {
  screen: Point;
  at: Point | null;
  fromExit: string | null;
}

function firstFreeExit(node: FlowNode): string | null {
  return node.exits.find((exit) => !exit.destination_uuid)?.uuid ?? null;
}

export function FlowEditorView({ editor, context, highlight = NO_HIGHLIGHT, focusNode, refitKey, saveState, results }: FlowEditorViewProps) {
  const { t } = useTranslation();
  const { flow, change } = editor;
  // What React Flow reports as selected (the side panel follows it), and requests to select steps.
  const [selection, setSelectionMirror] = useState<string[]>([]);
  const [selectRequest, setSelectRequest] = useState<SelectRequest | null>(null);
  const setSelection = useCallback((ids: string[]) => {
    setSelectionMirror(ids);
    setSelectRequest({ ids, at: Date.now() });
  }, []);
  const onSelectionChange = useCallback((ids: string[]) => {
    setSelectionMirror((current) => (current.length === ids.length && current.every((id, index) => id === ids[index]) ? current : ids));
  }, []);
  const [palette, setPalette] = useState<PaletteState | null>(null);
  const [searchOpen, setSearchOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [searchIndex, setSearchIndex] = useState(0);
  const [focus, setFocus] = useState<FocusRequest | null>(null);
  const [layoutKey, setLayoutKey] = useState(0);
  const [announce, setAnnounce] = useState('');
  const shellRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const viewCentre = useRef<() => Point>(() => ({ x: 40, y: 40 }));
  const flowRef = useRef(flow);
  flowRef.current = flow;

  const items = useMemo(() => paletteFor(flow.type), [flow.type]);
  const matches = useMemo(() => (searchOpen ? searchNodes(flow, query) : []), [flow, query, searchOpen]);
  const matchSet = useMemo(() => new Set(matches), [matches]);
  const selectedNode = selection.length === 1 ? flow.nodes.find((node) => node.uuid === selection[0]) ?? null : null;

  // An issue's “Show the step” selects the step too, so its form opens.
  useEffect(() => {
    if (!focusNode) return;
    setSelection([focusNode.uuid]);
    setFocus(focusNode);
  }, [focusNode, setSelection]);

  // Steps deleted (or undone away) leave the selection.
  useEffect(() => {
    setSelectionMirror((current) => {
      const kept = current.filter((uuid) => flow.nodes.some((node) => node.uuid === uuid));
      return kept.length === current.length ? current : kept;
    });
  }, [flow]);

  const registerViewCentre = useCallback((centre: () => Point) => (viewCentre.current = centre), []);

  const openPalette = useCallback((request: StepRequest | null) => {
    const shell = shellRef.current?.querySelector('.canvas')?.getBoundingClientRect();
    if (request && shell) {
      setPalette({ screen: { x: request.screen.x - shell.left, y: request.screen.y - shell.top }, at: request.at, fromExit: request.fromExit });
    } else {
      setPalette({ screen: { x: 12, y: 12 }, at: null, fromExit: null });
    }
  }, []);

  function addStep(item: PaletteItem) {
    const node = item.create();
    let at = palette?.at ?? null;
    let fromExit = palette?.fromExit ?? null;
    if (!at) {
      // From the toolbar: below the selected step, connected from its first free exit.
      const below = selectedNode && nodePosition(flow, selectedNode.uuid);
      if (selectedNode && below) {
        at = { x: below.x, y: below.y + 240 };
        fromExit = firstFreeExit(selectedNode);
      } else {
        const last = flow.nodes[flow.nodes.length - 1];
        const lastAt = last && nodePosition(flow, last.uuid);
        at = lastAt ? { x: lastAt.x, y: lastAt.y + 240 } : viewCentre.current();
        fromExit = last ? firstFreeExit(last) : null;
      }
    }
    change((current) => addNode(current, node, at!, fromExit ? { exitUuid: fromExit } : null));
    setPalette(null);
    setSelection([node.uuid]);
    setFocus({ uuid: node.uuid, at: Date.now() });
    setAnnounce(t('editor.added', { title: t(`palette.items.${item.id}`) }));
  }

  const copy = useCallback(async () => {
    const clip = copyNodes(flow, selection);
    if (!clip) return;
    await writeSteps(clip);
    setAnnounce(t('editor.copied', { count: clip.nodes.length }));
  }, [flow, selection, t]);

  const paste = useCallback(async () => {
    const clip = await readSteps();
    if (!clip) {
      setAnnounce(t('editor.nothingToPaste'));
      return;
    }
    // Pasted from the latest definition (the clipboard read may have taken a moment).
    const result = pasteNodes(flowRef.current, clip, viewCentre.current());
    change(() => result.flow);
    setSelection(result.pasted);
    setAnnounce(t('editor.pasted', { count: clip.nodes.length }));
  }, [change, t]);

  const tidyUp = useCallback(() => {
    change((current) => setPositions(current, layoutPositions(current)));
    setLayoutKey((key) => key + 1);
  }, [change]);

  const deleteSelection = useCallback(() => {
    if (!selection.length) return;
    const gone = [...selection];
    change((current) => deleteNodes(current, gone));
    setSelection([]);
  }, [change, selection]);

  function goToMatch(index: number) {
    if (!matches.length) return;
    const wrapped = ((index % matches.length) + matches.length) % matches.length;
    setSearchIndex(wrapped);
    setFocus({ uuid: matches[wrapped]!, at: Date.now() });
  }

  useEffect(() => setSearchIndex(0), [query]);

  // Keyboard shortcuts of the canvas: never while typing in a field (the field keeps its own undo, copy…).
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && key === 'f') {
        event.preventDefault();
        setSearchOpen(true);
        requestAnimationFrame(() => searchRef.current?.select());
        return;
      }
      if (isTypingTarget(event.target)) return;
      if (mod && key === 'z') {
        event.preventDefault();
        if (event.shiftKey) editor.redo();
        else editor.undo();
      } else if (mod && key === 'y') {
        event.preventDefault();
        editor.redo();
      } else if (mod && key === 'c' && selection.length) {
        event.preventDefault();
        void copy();
      } else if (mod && key === 'v') {
        event.preventDefault();
        void paste();
      } else if (!mod && !event.altKey && key === 'a') {
        event.preventDefault();
        openPalette(null);
      } else if (key === 'escape') {
        setPalette(null);
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [editor, selection, copy, paste, openPalette]);

  const editing = useMemo(
    () => ({
      onEdit: change,
      selectRequest,
      onSelectionChange,
      onRequestStep: openPalette,
      searchMatches: matchSet,
      registerViewCentre,
    }),
    [change, selectRequest, onSelectionChange, openPalette, matchSet, registerViewCentre],
  );

  const onNodeChange = useCallback((node: FlowNode, mergeKey?: string | null) => change((current: Flow) => replaceNode(current, node), mergeKey ?? null), [change]);

  return (
    <div className="flow-editor" ref={shellRef}>
      <div className="editor-toolbar" role="toolbar" aria-label={t('editor.toolbar')}>
        <button ref={addButton} type="button" className="button primary small" onClick={() => openPalette(null)} aria-keyshortcuts="A" aria-expanded={!!palette}>
          {t('editor.addStep')}
        </button>
        <button type="button" className="button small" onClick={editor.undo} disabled={!editor.canUndo} aria-keyshortcuts="Control+Z">
          {t('editor.undo')}
        </button>
        <button type="button" className="button small" onClick={editor.redo} disabled={!editor.canRedo} aria-keyshortcuts="Control+Shift+Z">
          {t('editor.redo')}
        </button>
        <button type="button" className="button small" onClick={tidyUp} disabled={flow.nodes.length < 2}>
          {t('editor.tidyUp')}
        </button>
        <button type="button" className="button small" onClick={() => void copy()} disabled={!selection.length} aria-keyshortcuts="Control+C">
          {t('editor.copy')}
        </button>
        <button type="button" className="button small" onClick={() => void paste()} aria-keyshortcuts="Control+V">
          {t('editor.paste')}
        </button>
        <button
          type="button"
          className="button small"
          onClick={() => {
            // Beside the steps (never on top of one), level with the top of the view.
            const centre = viewCentre.current();
            const right = Math.max(...flow.nodes.map((node) => (nodePosition(flow, node.uuid)?.x ?? 0) + cardWidth(node)));
            change((current) => addSticky(current, { x: right + 60, y: centre.y }, newUuid(), { title: t('stickies.newTitle') }));
            setAnnounce(t('stickies.added'));
          }}
          disabled={flow.nodes.length === 0}
        >
          {t('stickies.add')}
        </button>
        <button type="button" className="button small" onClick={() => (searchOpen ? setSearchOpen(false) : (setSearchOpen(true), requestAnimationFrame(() => searchRef.current?.focus())))} aria-keyshortcuts="Control+F" aria-pressed={searchOpen}>
          {t('editor.search')}
        </button>
        {searchOpen && (
          <span className="editor-search" role="search">
            <label htmlFor="canvas-search" className="visually-hidden">
              {t('editor.searchLabel')}
            </label>
            <input
              id="canvas-search"
              ref={searchRef}
              type="search"
              value={query}
              placeholder={t('editor.searchLabel')}
              onChange={(event) => setQuery(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') goToMatch(searchIndex + (event.shiftKey ? -1 : matches.length > 0 && focus?.uuid === matches[searchIndex] ? 1 : 0));
                if (event.key === 'Escape') {
                  setSearchOpen(false);
                  setQuery('');
                }
              }}
            />
            <span className="muted small" role="status">
              {query.trim() ? t('editor.matches', { count: matches.length }) : ''}
            </span>
          </span>
        )}
        <span className="editor-save-state">{saveState}</span>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announce}
      </p>
      <div className="editor-body">
        <div className="editor-canvas">
          <FlowCanvas
            flow={flow}
            highlight={highlight}
            focusNode={focus}
            refitKey={`${String(refitKey)}-${layoutKey}`}
            editing={editing}
            results={results}
            overlay={
              palette && (
                <StepPalette
                  items={items}
                  at={palette.screen}
                  onPick={addStep}
                  onClose={() => {
                    setPalette(null);
                    addButton.current?.focus();
                  }}
                />
              )
            }
          />
        </div>
        {selectedNode && (
          <StepEditor
            key={selectedNode.uuid}
            node={selectedNode}
            isStart={flow.nodes[0]?.uuid === selectedNode.uuid}
            context={context}
            onChange={onNodeChange}
            onDelete={deleteSelection}
            onMakeStart={() => change((current) => makeStart(current, selectedNode.uuid))}
            onClose={() => setSelection([])}
          />
        )}
      </div>
    </div>
  );
}
