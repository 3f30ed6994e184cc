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
  return resolveReferences(run, refs, 'group', (uuid) => run.assets.group(uuid), (name) => run.assets.groupByName(name));
}

/** Resolves label references to workspace labels; unknown ones are logged and left out. */
export function resolveLabels(run: ActionRuntime, refs: VariableReference[] | undefined): { uuid: string; name: string }[] {
  return resolveReferences(run, refs, 'label', (uuid) => run.assets.label(uuid), (name) => run.assets.labelByName(name));
}

/**
 * Looks each reference up by uuid, or by the evaluated `name_match` template; an unknown one is logged
 * (goflow's "No such group with name 'X'" or missing-dependency error) and left out.
 */
function resolveReferences<T>(
  run: ActionRuntime,
  refs: VariableReference[] | undefined,
  type: 'group' | 'label',
  byUuid: (uuid: string) => T | null,
  byName: (name: string) => T | null,
): T[] {
  const out: T[] = [];
  for (const ref of refs ?? []) {
    if (ref.name_match !== undefined) {
      const { text, ok } = run.evaluateChecked(ref.name_match);
      if (!ok) continue;
      const asset = byName(text);
      if (!asset) {
        run.error(`No such ${type} with name '${text}'`, { code: `${type}:missing`, extra: { name: text } });
        continue;
      }
      out.push(asset);
    } else {
      const asset = byUuid(ref.uuid ?? '');
      if (!asset) {
        logMissingDependency(run, type, ref);
        continue;
      }
      out.push(asset);
    }
  }
  return out;
}

/** Reference JSON as goflow writes it in events (uuid then name). */
export function ref(asset: { uuid: string; name: string }): { uuid: string; name: string } {
  return { uuid: asset.uuid, name: asset.name };
}
