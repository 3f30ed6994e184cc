/**
 * Reads a flow file for the CLI: a single flow definition, a goflow assets file, or a RapidPro export
 * (`{ "version": "13", "flows": [...], "fields": [...], "groups": [...] }`, legacy exports included),
 * through the RapidPro importer, as session assets.
 *
 *   const { assets, flows, issues } = readFlowFile('registration.json');
 */
import { readFileSync } from 'node:fs';
import type { SessionAssets } from '../runtime/engine/api.js';
import type { FlowIssue } from '../runtime/definition/issues.js';
import { importRapidProExport } from '../runtime/rapidpro/index.js';

export interface FlowFile {
  assets: SessionAssets;
  /** uuid + name of each flow that could be read, in file order */
  flows: { uuid: string; name: string }[];
  issues: FlowIssue[];
}

export function assetsFromJson(json: unknown, file = 'input'): FlowFile {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error(`${file}: not a JSON object`);
  const o = json as Record<string, unknown>;
  let input: unknown = o;
  if (!Array.isArray(o.flows)) {
    if (!Array.isArray(o.nodes) && !Array.isArray(o.action_sets)) throw new Error(`${file}: neither a flow, an assets file nor a RapidPro export (no "flows" or "nodes")`);
    input = { flows: [o] };
  }
  const result = importRapidProExport(input);
  return { assets: result.assets, flows: result.flows.map((f) => ({ uuid: f.uuid, name: f.name })), issues: result.issues };
}

export function readFlowFile(file: string): FlowFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return assetsFromJson(json, file);
}
