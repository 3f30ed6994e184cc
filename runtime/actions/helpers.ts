/**
 * Shared pieces of action execution: resolving group/label references, goflow's standard error texts,
 * and the "missing dependency" error event.
 *
 *   const groups = resolveGroups(run, action.groups);   // logs errors for missing groups
 */
import type { ActionRuntime } from '../engine/runtime-types.js';

/** A group or label reference as it appears in an action: fixed (uuid+name) or by `name_match` template. */
export interface VariableReference {
  uuid?: string;
  name?: string;
  name_match?: string;
}

/** goflow's error event for an asset a flow refers to but the workspace lacks. */
export function logMissingDependency(run: ActionRuntime, type: string, ref: { uuid?: string; key?: string; name?: string }): void {
  const identity = ref.uuid ?? ref.key ?? '';
  const idLabel = ref.uuid !== undefined ? `uuid=${ref.uuid}` : `key=${ref.key}`;
  run.error(`Missing dependency: ${type}[${idLabel},name=${ref.name ?? ''}]`, {
    code: 'dependency:missing',
    extra: { identity, type },
  });
}

/** Resolves group references to workspace groups; unknown ones are logged and left out. */
export function resolveGroups(run: ActionRuntime, refs: VariableReference[] | undefined): { uuid: string; name: string; query?: string }[] {
  const out: { uuid: string; name: string; query?: string }[] = [];
  for (const ref of refs ?? []) {
    if (ref.name_match !== undefined) {
      const { text, ok } = run.evaluateChecked(ref.name_match);
      if (!ok) continue;
      const group = run.assets.groupByName(text);
      if (!group) {
        run.error(`No such group with name '${text}'`, { code: 'group:missing', extra: { name: text } });
        continue;
      }
      out.push(group);
    } else {
      const group = run.assets.group(ref.uuid ?? '');
      if (!group) {
        logMissingDependency(run, 'group', ref);
        continue;
      }
      out.push(group);
    }
  }
  return out;
}

/** Resolves label references to workspace labels; unknown ones are logged and left out. */
export function resolveLabels(run: ActionRuntime, refs: VariableReference[] | undefined): { uuid: string; name: string }[] {
  const out: { uuid: string; name: string }[] = [];
  for (const ref of refs ?? []) {
    if (ref.name_match !== undefined) {
      const { text, ok } = run.evaluateChecked(ref.name_match);
      if (!ok) continue;
      const label = run.assets.labelByName(text);
      if (!label) {
        run.error(`No such label with name '${text}'`, { code: 'label:missing', extra: { name: text } });
        continue;
      }
      out.push(label);
    } else {
      const label = run.assets.label(ref.uuid ?? '');
      if (!label) {
        logMissingDependency(run, 'label', ref);
        continue;
      }
      out.push(label);
    }
  }
  return out;
}

/** Reference JSON as goflow writes it in events (uuid then name). */
export function ref(asset: { uuid: string; name: string }): { uuid: string; name: string } {
  return { uuid: asset.uuid, name: asset.name };
}
