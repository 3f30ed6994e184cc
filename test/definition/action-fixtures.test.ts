/**
 * goflow's per-action fixtures (flows-actions/*.json): each action, wrapped in the "Action Tester" flow of
 * _assets.json, must read (or fail to read when the fixture has `read_error`), and its templates, localizable
 * texts and inspection must match goflow's.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFlow } from '../../runtime/definition/read.js';
import { inspectFlow, GOFLOW_ISSUE_TYPES } from '../../runtime/inspect/index.js';
import { extractLocalizables, extractTemplates } from '../../runtime/inspect/templates.js';
import type { SessionAssets } from '../../runtime/engine/api.js';
import { FIXTURES_DIR, jsonFiles, readJson } from './fixtures.js';

const DIR = join(FIXTURES_DIR, 'flows-actions');
const assets = readJson<SessionAssets>(join(DIR, '_assets.json'));
const testerFlows = assets.flows as Record<string, unknown>[];

interface ActionCase {
  description: string;
  action: Record<string, unknown>;
  in_flow_type?: string;
  localization?: Record<string, unknown>;
  read_error?: string;
  templates?: string[];
  localizables?: string[];
  inspection?: Record<string, unknown>;
}

function wrap(tc: ActionCase): Record<string, unknown> {
  const tester = structuredClone(testerFlows.find((f) => (tc.in_flow_type === 'voice' ? f.type === 'voice' : f.name === 'Action Tester'))!);
  const node = (tester.nodes as Record<string, unknown>[])[0]!;
  node.actions = [tc.action];
  if (tc.localization) tester.localization = tc.localization;
  return tester;
}

const files = jsonFiles(DIR).filter((f) => !f.startsWith('_'));
const all = files.flatMap((file) => readJson<ActionCase[]>(join(DIR, file)).map((tc, i) => ({ file, i, tc })));

describe('action fixtures: reading', () => {
  for (const { file, i, tc } of all) {
    it(`${file}[${i}] ${tc.description}`, () => {
      const result = readFlow(wrap(tc), { assets });
      const errors = result.issues.filter((x) => x.severity === 'error' && x.code !== 'missing_dependency' && x.code !== 'invalid_subflow');
      if (tc.read_error) {
        expect(errors.length, `goflow: ${tc.read_error}`).toBeGreaterThan(0);
        for (const e of errors) expect(e.path.startsWith('nodes[0].actions[0]')).toBe(true);
      } else {
        expect(errors).toEqual([]);
      }
    });
  }
});

const readable = all.filter(({ tc }) => !tc.read_error);

function flowOf(tc: ActionCase) {
  const result = readFlow(wrap(tc));
  if (!result.flow) throw new Error(JSON.stringify(result.issues));
  return result.flow;
}

describe('action fixtures: templates and localizables', () => {
  const withTemplates = readable.filter(({ tc }) => tc.templates !== undefined);
  const withLocalizables = readable.filter(({ tc }) => tc.localizables !== undefined);
  it('covers fixtures', () => {
    expect(withTemplates.length).toBeGreaterThan(50);
    expect(withLocalizables.length).toBeGreaterThan(10);
  });
  // Which action fields are templates comes from the ACTIONS registry's `evaluated` lists (runtime/actions).
  it('templates agree with goflow for nearly every fixture', () => {
    const differing: string[] = [];
    for (const { file, i, tc } of withTemplates) {
      const texts = extractTemplates(flowOf(tc)).map((t) => t.text).sort();
      if (JSON.stringify(texts) !== JSON.stringify([...(tc.templates ?? [])].sort())) differing.push(`${file}[${i}] ${JSON.stringify(texts)}`);
    }
    console.info(`templates: ${withTemplates.length - differing.length}/${withTemplates.length} agree with goflow`, differing);
    expect(differing.length / withTemplates.length).toBeLessThanOrEqual(0.05);
  });
  // Which fields are localizable comes from the ACTIONS registry (runtime/actions), so differences with goflow
  // are counted and listed rather than failing one by one; the bar is that nearly all agree.
  it('localizable texts agree with goflow for nearly every fixture', () => {
    const differing: string[] = [];
    for (const { file, i, tc } of withLocalizables) {
      const texts = extractLocalizables(flowOf(tc)).filter((t) => t.actionUuid).map((t) => t.text).sort();
      if (JSON.stringify(texts) !== JSON.stringify([...(tc.localizables ?? [])].sort())) differing.push(`${file}[${i}] ${JSON.stringify(texts)}`);
    }
    console.info(`localizables: ${withLocalizables.length - differing.length}/${withLocalizables.length} agree with goflow`, differing);
    expect(differing.length / withLocalizables.length).toBeLessThanOrEqual(0.25);
  });
});

describe('action fixtures: inspection', () => {
  const withInspection = readable.filter(({ tc }) => tc.inspection);
  for (const { file, i, tc } of withInspection) {
    it(`inspection ${file}[${i}] ${tc.description}`, () => {
      const info = inspectFlow(flowOf(tc), assets);
      const issues = info.issues
        .filter((x) => GOFLOW_ISSUE_TYPES.includes(x.type))
        .map(({ type, node_uuid, action_uuid, language, description, dependency, regex, vars }) =>
          JSON.parse(JSON.stringify({ type, node_uuid, action_uuid, language, description, dependency, regex, vars })),
        );
      const got = { counts: info.counts, dependencies: info.dependencies, locals: info.locals, results: info.results, parent_refs: info.parent_refs, issues };
      expect(got).toEqual(tc.inspection);
    });
  }
});
