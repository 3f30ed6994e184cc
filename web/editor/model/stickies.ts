/**
 * Sticky notes on the canvas, stored where RapidPro exports keep them: `_ui.stickies`, keyed by UUID, each
 * with a position, a title, a body and a colour. Pure edits (a new Flow each time, for undo).
 *
 *   let flow = addSticky(definition, { x: 120, y: 40 }, uuid);
 *   flow = updateSticky(flow, uuid, { title: 'Check with the district', body: 'Dates from the DHIS2 calendar' });
 *   flow = deleteStickies(flow, [uuid]);
 */
import type { Flow } from '../../../runtime/definition/types.js';
import type { Point } from './flow-edits.js';

/** RapidPro's sticky colours. */
export const STICKY_COLORS = ['yellow', 'blue', 'green', 'purple', 'gray'] as const;
export type StickyColor = (typeof STICKY_COLORS)[number];

/** One note. Example: `{ position: { left: 120, top: 40 }, title: 'To check', body: 'Ask the district', color: 'yellow' }`. */
export interface Sticky {
  position: { left: number; top: number };
  title: string;
  body: string;
  color: StickyColor;
}

function isColor(value: unknown): value is StickyColor {
  return typeof value === 'string' && (STICKY_COLORS as readonly string[]).includes(value);
}

/** The flow's notes, read leniently (an imported note with a missing field still shows). */
export function stickiesOf(flow: Flow): Record<string, Sticky> {
  const raw = ((flow._ui ?? {}) as { stickies?: unknown }).stickies;
  if (!raw || typeof raw !== 'object') return {};
  const out: Record<string, Sticky> = {};
  for (const [uuid, value] of Object.entries(raw as Record<string, unknown>)) {
    const note = (value ?? {}) as Partial<Record<keyof Sticky, unknown>>;
    const position = (note.position ?? {}) as { left?: unknown; top?: unknown };
    out[uuid] = {
      position: { left: typeof position.left === 'number' ? position.left : 0, top: typeof position.top === 'number' ? position.top : 0 },
      title: typeof note.title === 'string' ? note.title : '',
      body: typeof note.body === 'string' ? note.body : '',
      color: isColor(note.color) ? note.color : 'yellow',
    };
  }
  return out;
}

function withStickies(flow: Flow, stickies: Record<string, Sticky>): Flow {
  const ui = { ...((flow._ui ?? {}) as Record<string, unknown>) };
  if (Object.keys(stickies).length) ui.stickies = stickies;
  else delete ui.stickies;
  return { ...flow, _ui: ui };
}

export function addSticky(flow: Flow, at: Point, uuid: string, note: Partial<Omit<Sticky, 'position'>> = {}): Flow {
  const sticky: Sticky = { position: { left: Math.round(at.x), top: Math.round(at.y) }, title: note.title ?? '', body: note.body ?? '', color: note.color ?? 'yellow' };
  return withStickies(flow, { ...stickiesOf(flow), [uuid]: sticky });
}

/** Changes a note's title, body or colour. Throws on an unknown note. */
export function updateSticky(flow: Flow, uuid: string, patch: Partial<Omit<Sticky, 'position'>>): Flow {
  const stickies = stickiesOf(flow);
  const note = stickies[uuid];
  if (!note) throw new Error(`updateSticky: the flow has no note ${uuid}`);
  return withStickies(flow, { ...stickies, [uuid]: { ...note, ...patch } });
}

/** Moves notes (other UUIDs are ignored, so a mixed selection of steps and notes can be passed). */
export function moveStickies(flow: Flow, moved: ReadonlyMap<string, Point>): Flow {
  const stickies = stickiesOf(flow);
  let changed = false;
  for (const [uuid, point] of moved) {
    const note = stickies[uuid];
    if (!note) continue;
    stickies[uuid] = { ...note, position: { left: Math.round(point.x), top: Math.round(point.y) } };
    changed = true;
  }
  return changed ? withStickies(flow, stickies) : flow;
}

/** Deletes notes (other UUIDs are ignored). */
export function deleteStickies(flow: Flow, uuids: readonly string[]): Flow {
  const stickies = stickiesOf(flow);
  const gone = uuids.filter((uuid) => uuid in stickies);
  if (!gone.length) return flow;
  for (const uuid of gone) delete stickies[uuid];
  return withStickies(flow, stickies);
}
