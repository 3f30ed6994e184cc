/**
 * Keeps React Flow's node objects (and their data) when a new graph of the flow describes them the same way,
 * so after an edit, a search keystroke, a simulator step or a results refresh only the cards that changed
 * render again: React Flow skips a node whose object is unchanged, and a memoized card skips equal data.
 *
 *   setNodes((previous) => keepUnchanged(previous, next, (node) => selected.has(node.id)));
 *   setEdges((previous) => keepUnchangedEdges(previous, nextEdges, (edge) => selected.has(edge.id)));
 */
import type { Edge, Node } from '@xyflow/react';

/**
 * Equal up to `depth` levels of arrays and plain objects, members compared by reference below that.
 * Example: `equalUpTo([{ labels: ['Yes'] }], [{ labels: ['Yes'] }], 3)` → true.
 */
function equalUpTo(a: unknown, b: unknown, depth: number): boolean {
  if (Object.is(a, b)) return true;
  if (depth === 0) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => equalUpTo(item, b[index], depth - 1));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && equalUpTo(a[key], b[key], depth - 1));
  }
  return false;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Data of two renderings of a card are the same when each member is the same reference, or an array / plain
 * object of same references (two levels: exits and their labels, the results counts). Flow nodes are compared
 * by reference: edits replace the nodes they change.
 */
export function sameData(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return equalUpTo(a, b, 3);
}

/**
 * The next nodes, reusing previous node objects that nothing changed (position, size, type, flags, data,
 * selection) and previous data objects that are the same. Sizes React Flow measured are kept: without them it
 * hides cards (and their arrows) until it measures again.
 */
export function keepUnchanged<N extends Node>(previous: readonly N[], next: readonly N[], isSelected: (node: N) => boolean): N[] {
  const before = new Map(previous.map((node) => [node.id, node]));
  return next.map((node) => {
    const old = before.get(node.id);
    const selected = isSelected(node);
    if (!old) return { ...node, selected };
    const data = sameData(old.data, node.data) ? old.data : node.data;
    const unchanged =
      data === old.data &&
      old.type === node.type &&
      old.position.x === node.position.x &&
      old.position.y === node.position.y &&
      old.width === node.width &&
      old.zIndex === node.zIndex &&
      old.draggable === node.draggable &&
      old.deletable === node.deletable &&
      !!old.selected === selected;
    if (unchanged) return old;
    return { ...node, data, measured: old.measured ?? node.measured, selected };
  });
}

/** The next edges, reusing previous edge objects whose description (ends, look, flags, selection) is the same. */
export function keepUnchangedEdges<E extends Edge>(previous: readonly E[], next: readonly E[], isSelected: (edge: E) => boolean): E[] {
  const before = new Map(previous.map((edge) => [edge.id, edge]));
  return next.map((edge) => {
    const old = before.get(edge.id);
    const selected = isSelected(edge);
    if (old && !!old.selected === selected) {
      const { selected: _oldSelected, ...oldRest } = old;
      const { selected: _nextSelected, ...nextRest } = edge;
      if (equalUpTo(oldRest, nextRest, 1)) return old;
    }
    return { ...edge, selected };
  });
}
