/**
 * Saves the edited flow as a draft a moment after the last change (flows.saveDraft with the revision the
 * editor started from, so a change saved elsewhere in between is reported as a conflict, never overwritten).
 *
 *   const save = useAutosave({ flowId, flow, version, revision, onSaved });
 *   save.state   // 'idle' | 'pending' | 'saving' | 'saved' | 'conflict' | 'error'
 *   await save.flush();   // before publishing or simulating
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Flow } from '../../../runtime/definition/types.js';
import { api } from '../../api/trpc-client.js';

export type AutosaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'conflict' | 'error';

/** Quiet time after the last edit before saving. */
export const AUTOSAVE_DELAY_MS = 1200;

interface AutosaveOptions {
  flowId: string;
  flow: Flow;
  /** Changes on every user edit; nothing is saved while it stays the same. */
  version: number;
  /** The revision the editor's definition is based on. */
  revision: number | null;
  enabled: boolean;
  onSaved: (revision: number) => void;
  describeError: (failure: unknown) => string;
}

export function useAutosave({ flowId, flow, version, revision, enabled, onSaved, describeError }: AutosaveOptions) {
  const [state, setState] = useState<AutosaveState>('idle');
  const [message, setMessage] = useState<string | null>(null);
  const saved = useRef(version);
  const latest = useRef({ flow, version, revision });
  latest.current = { flow, version, revision };
  const running = useRef<Promise<void> | null>(null);
  const onSavedRef = useRef(onSaved);
  onSavedRef.current = onSaved;

  const save = useCallback(async (): Promise<void> => {
    if (running.current) await running.current;
    const { flow: definition, version: saving, revision: base } = latest.current;
    if (saving === saved.current) return;
    setState('saving');
    const attempt = (async () => {
      try {
        const result = await api.flows.saveDraft.mutate({ id: flowId, definition, baseRevision: base ?? undefined });
        saved.current = saving;
        latest.current.revision = result.revision;
        onSavedRef.current(result.revision);
        setMessage(null);
        setState(latest.current.version === saving ? 'saved' : 'pending');
      } catch (failure) {
        const code = (failure as { data?: { code?: string } }).data?.code;
        setMessage(describeError(failure));
        setState(code === 'CONFLICT' ? 'conflict' : 'error');
        throw failure;
      }
    })();
    running.current = attempt.finally(() => (running.current = null)).catch(() => undefined);
    await attempt;
  }, [flowId, describeError]);

  useEffect(() => {
    if (!enabled || version === saved.current || state === 'conflict') return;
    setState((current) => (current === 'saving' ? current : 'pending'));
    const timer = window.setTimeout(() => void save().catch(() => undefined), AUTOSAVE_DELAY_MS);
    return () => window.clearTimeout(timer);
    // `state` is left out on purpose: a finished save must not restart the timer by itself.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, version, save]);

  // Leaving the page with an unsaved edit asks first.
  useEffect(() => {
    if (state !== 'pending' && state !== 'saving' && state !== 'error') return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [state]);

  /** Saves now if anything is unsaved; throws when the save fails. */
  const flush = useCallback(() => save(), [save]);
  /** Forget unsaved edits (after the JSON tab saved a whole definition, or a reload). */
  const markSaved = useCallback((at: number) => {
    saved.current = at;
    setState('idle');
    setMessage(null);
  }, []);

  return { state, message, flush, markSaved, dirty: version !== saved.current };
}
