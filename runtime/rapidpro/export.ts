/**
 * Writes flows (and the fields, groups, campaigns and triggers that go with them) as a RapidPro export file
 * ("version 13"), which RapidPro's import accepts. Flows are written at Kiunga's current spec version.
 *
 * Kiunga's own action types (`kiunga_*`, e.g. `kiunga_fhir_read`) are kept in the file by default so that a
 * round trip through Kiunga loses nothing; RapidPro does not know them, and `rapidProCompatibility` reports
 * each one. Pass `{ extensions: 'drop' }` for a file RapidPro can run as is.
 *
 *   const file = exportRapidPro(flows, assets, { site: 'https://kiunga.example.org', campaigns, triggers });
 */
import type { SessionAssets } from '../engine/api.js';
import { issue, type FlowIssue } from '../definition/issues.js';
import { cloneJson } from '../definition/json.js';
import type { Flow } from '../definition/types.js';
import { ACTIONS } from '../actions/registry.js';
import type { Campaign, ExportField, ExportGroup, ExportTrigger, RapidProExport } from './types.js';

/** The export format version written (RapidPro's current one). */
export const EXPORT_VERSION = '13';

/** Prefix of Kiunga's own action types. */
export const KIUNGA_ACTION_PREFIX = 'kiunga_';

/** Example: `{ site: 'https://kiunga.example.org', campaigns, triggers, extensions: 'drop' }`. */
export interface ExportOptions {
  site?: string;
  campaigns?: Campaign[];
  triggers?: ExportTrigger[];
  /** 'keep' (default) writes kiunga_* actions as they are; 'drop' removes them from the exported flows. */
  extensions?: 'keep' | 'drop';
}

export function isKiungaAction(type: string): boolean {
  return type.startsWith(KIUNGA_ACTION_PREFIX);
}

export function exportRapidPro(flows: readonly Flow[], assets: SessionAssets, options: ExportOptions = {}): RapidProExport {
  const exported = flows.map((flow) => {
    const copy = cloneJson(flow);
    if (options.extensions === 'drop') {
      for (const node of copy.nodes) node.actions = node.actions.filter((a) => !isKiungaAction(a.type));
    }
    return copy;
  });
  // field UUIDs are not part of RapidPro's format but are kept (RapidPro ignores them) so nothing is lost
  const fields: ExportField[] = (assets.fields ?? []).map((f) => ({ ...(f.uuid ? { uuid: f.uuid } : {}), key: f.key, name: f.name, type: f.type }));
  const groups: ExportGroup[] = (assets.groups ?? []).map((g) => ({ uuid: g.uuid, name: g.name, query: g.query ?? null }));
  return {
    version: EXPORT_VERSION,
    site: options.site ?? 'https://kiunga.local',
    flows: exported,
    campaigns: cloneJson(options.campaigns ?? []),
    triggers: cloneJson(options.triggers ?? []),
    fields,
    groups,
  };
}

/** What RapidPro will not understand in these flows: Kiunga extensions and other unknown action types. */
export function rapidProCompatibility(flows: readonly Flow[]): FlowIssue[] {
  const issues: FlowIssue[] = [];
  flows.forEach((flow, f) =>
    flow.nodes.forEach((node, n) =>
      node.actions.forEach((action, a) => {
        const path = ['flows', f, 'nodes', n, 'actions', a, 'type'];
        if (isKiungaAction(action.type)) {
          issues.push(issue('warning', 'kiunga_extension', path, `'${action.type}' is a Kiunga action; RapidPro does not know it and will refuse or skip it`, node.uuid));
        } else if (!ACTIONS[action.type]) {
          issues.push(issue('warning', 'unknown_action_type', path, `'${action.type}' is not a RapidPro action type`, node.uuid));
        }
      }),
    ),
  );
  return issues;
}
