/**
 * The state of the flow being edited on the canvas: the definition with its undo history, and `change` to
 * apply an edit. Every edit makes an undo step (a burst of typing in one field, same `mergeKey`, makes one).
 *
 *   const editor = useFlowEditor(loadedDefinition);
 *   editor.change((flow) => connectExit(flow, exitUuid, target), null);
 *   editor.undo();  editor.canUndo
 */
import { useCallback, useMemo, useState } from 'react';
import type { Flow } from '../../../runtime/definition/types.js';
import { record, redo, replacePresent, startHistory, undo, type History } from '../model/history.js';

/** Example: `{ flow, version: 3, change, undo, redo, reset, canUndo: true, canRedo: false }`. */
export interface FlowEditor {
  flow: Flow;
  /** Counts the user's edits (not resets): autosave saves when it changes. */
  version: number;
  change: (edit: (flow: Flow) => Flow, mergeKey?: string | null) => void;
  undo: () => void;
  redo: () => void;
  /** Starts over from a definition (loaded or saved from the JSON tab), forgetting the history. */
  reset: (flow: Flow) => void;
  /** Replaces the definition without an undo step and without counting as an edit (layout of a loaded flow). */
  adjust: (edit: (flow: Flow) => Flow) => void;
  canUndo: boolean;
  canRedo: boolean;
}

/** `initial` may be a function, computed on the first render only (e.g. a layout of the loaded flow). */
export function useFlowEditor(initial: Flow | (() => Flow)): FlowEditor {
  const [state, setState] = useState<{ history: History<Flow>; version: number }>(() => ({
    history: startHistory(typeof initial === 'function' ? initial() : initial),
    version: 0,
  }));

  const change = useCallback((edit: (flow: Flow) => Flow, mergeKey: string | null = null) => {
    setState((current) => {
      const next = edit(current.history.present);
      if (next === current.history.present) return current;
      return { history: record(current.history, next, mergeKey), version: current.version + 1 };
    });
  }, []);
  const undoEdit = useCallback(() => setState((current) => (current.history.past.length ? { history: undo(current.history), version: current.version + 1 } : current)), []);
  const redoEdit = useCallback(() => setState((current) => (current.history.future.length ? { history: redo(current.history), version: current.version + 1 } : current)), []);
  const reset = useCallback((flow: Flow) => setState((current) => ({ history: startHistory(flow), version: current.version })), []);
  const adjust = useCallback(
    (edit: (flow: Flow) => Flow) => setState((current) => ({ ...current, history: replacePresent(current.history, edit(current.history.present)) })),
    [],
  );

  return useMemo(
    () => ({
      flow: state.history.present,
      version: state.version,
      change,
      undo: undoEdit,
      redo: redoEdit,
      reset,
      adjust,
      canUndo: state.history.past.length > 0,
      canRedo: state.history.future.length > 0,
    }),
    [state, change, undoEdit, redoEdit, reset, adjust],
  );
}
