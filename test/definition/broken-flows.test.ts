import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFlow } from '../../runtime/definition/read.js';
import type { SessionAssets } from '../../runtime/engine/api.js';
import { FIXTURES_DIR, jsonFiles, readJson } from './fixtures.js';

const DIR = join(FIXTURES_DIR, 'flows-definition-broken_flows');
const FLOW_UUID = '76f0a02f-3b75-4b86-9064-e9195e1b3a02';

/** The problem each goflow broken flow must be reported with: issue code and JSON path. */
const EXPECTED: Record<string, { code: string; path: string; text?: string }> = {
  'duplicate_node_uuid.json': { code: 'duplicate_node_uuid', path: 'nodes[1].uuid', text: "isn't unique" },
  'exitless_category.json': { code: 'invalid_node', path: 'nodes[0].router.categories[0].exit_uuid', text: 'is required' },
  'exitless_node.json': { code: 'invalid_node', path: 'nodes[0].exits', text: 'at least one exit' },
  'invalid_action_by_flow_type.json': { code: 'action_not_allowed', path: 'nodes[0].actions[0].type', text: "not allowed in a flow of type 'messaging'" },
  'invalid_action_by_method.json': { code: 'invalid_action', path: 'nodes[0].actions[0].headers["\\"$?"]', text: 'is not a valid HTTP header' },
  'invalid_action_by_tag.json': { code: 'invalid_action', path: 'nodes[0].actions[0].text' },
  'invalid_case_arguments.json': { code: 'invalid_case_arguments', path: 'nodes[0].router.cases[0]', text: 'has 11' },
  'invalid_case_category.json': { code: 'invalid_case_category', path: 'nodes[0].router.cases[0].category_uuid' },
  'invalid_default_exit.json': { code: 'invalid_default_category', path: 'nodes[0].router.default_category_uuid' },
  'invalid_exit_dest.json': { code: 'invalid_exit_destination', path: 'nodes[0].exits[0].destination_uuid' },
  'invalid_flow_type.json': { code: 'invalid_flow_type', path: 'type' },
  'invalid_group_ref_name.json': { code: 'invalid_reference_name', path: 'nodes[0].actions[0].groups[0].name' },
  'invalid_localization_item_uuid.json': { code: 'invalid_localization', path: 'localization.spa["heh?"]' },
  'invalid_localization_language.json': { code: 'invalid_localization', path: 'localization.vvv' },
  'invalid_localization_prop_key.json': { code: 'invalid_localization', path: 'localization.spa["7e994e0d-9c51-4050-bc66-d698b8391684"]["1234567890123456789012345678901234567890123456789012345678901234567890"]' },
  'invalid_name.json': { code: 'invalid_name', path: 'name', text: 'at most 64 characters' },
  'invalid_subflow.json': { code: 'invalid_subflow', path: 'nodes[0].actions[0].flow' },
  'invalid_subflow_due_to_missing_asset.json': { code: 'invalid_subflow', path: 'nodes[0].actions[0].flow' },
  'invalid_timeout_category.json': { code: 'invalid_timeout_category', path: 'nodes[0].router.wait.timeout.category_uuid' },
  'invalid_wait_by_flow_type.json': { code: 'wait_not_allowed', path: 'nodes[0].router.wait' },
  'missing_assets.json': { code: 'missing_dependency', path: 'nodes[2].actions[1].groups[0]', text: 'group "Registered"' },
  'null_action.json': { code: 'invalid_action', path: 'nodes[0].actions[1]', text: 'null' },
  'null_exit.json': { code: 'invalid_node', path: 'nodes[0].exits[1]', text: 'null' },
  'null_node.json': { code: 'invalid_node', path: 'nodes[1]', text: 'null' },
  'too_many_actions.json': { code: 'too_many_actions', path: 'nodes[0].actions', text: 'has 101' },
  'too_many_cases.json': { code: 'too_many_cases', path: 'nodes[0].router.cases', text: 'has 101' },
  'too_many_categories.json': { code: 'too_many_categories', path: 'nodes[0].router.categories', text: 'has 101' },
  'too_many_exits.json': { code: 'too_many_exits', path: 'nodes[0].exits', text: 'has 101' },
  'too_many_nodes.json': { code: 'too_many_nodes', path: 'nodes', text: 'has 1001' },
};

describe('goflow broken flows', () => {
  it('has an expectation for every fixture file', () => {
    expect(jsonFiles(DIR)).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const file of jsonFiles(DIR)) {
    it(file, () => {
      const data = readJson<{ flows: Record<string, unknown>[] }>(join(DIR, file));
      const assets: SessionAssets = { flows: data.flows };
      const flowJson = data.flows.find((f) => f.uuid === FLOW_UUID)!;
      const result = readFlow(flowJson, { assets });
      const expected = EXPECTED[file]!;
      expect(result.flow).toBeNull();
      const match = result.issues.find((i) => i.code === expected.code && i.path === expected.path);
      expect(match, JSON.stringify(result.issues, null, 1)).toBeDefined();
      expect(match!.severity).toBe('error');
      expect(match!.message.startsWith(`${expected.path}: `)).toBe(true);
      if (expected.text) expect(match!.message).toContain(expected.text);
    });
  }
});
